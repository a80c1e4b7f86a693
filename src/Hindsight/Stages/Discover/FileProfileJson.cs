using System.Text.Json.Serialization;

namespace Hindsight.Stages.Discover;

/// <summary>
/// The stored profile's JSON contract, generated at build time: reading a thousand stored profiles on a re-run then
/// costs no reflection over <see cref="FileProfile"/> first (which took about as long as reading them). Same names and
/// shape as the reflection-based serializer's defaults, so profiles stored by earlier releases read the same.
/// </summary>
[JsonSerializable(typeof(FileProfile))]
internal sealed partial class FileProfileJson : JsonSerializerContext;
