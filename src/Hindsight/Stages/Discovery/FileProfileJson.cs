using System.Text.Json.Serialization;

namespace Hindsight.Stages.Discovery;

/// <summary>
/// The stored form of a file's profile (<c>files.profile_json</c>), written and read through source-generated
/// metadata: with the default options, so the JSON is the same as the reflection-based serializer wrote, without
/// building that metadata by reflection at every run's start (a warm re-run reads every file's profile), and without
/// the reflection a Native AOT build does not have.
/// </summary>
[JsonSerializable(typeof(FileProfile))]
internal sealed partial class FileProfileJson : JsonSerializerContext;
