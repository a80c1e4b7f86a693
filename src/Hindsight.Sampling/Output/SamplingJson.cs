using System.Text.Json.Serialization;

namespace Hindsight.Sampling;

/// <summary>
/// Source-generated metadata for the corpus summary and the truth file, used as the resolver of
/// <see cref="CorpusSummary.JsonOptions"/> (whose naming policy and encoder still apply): the same JSON as the
/// reflection-based serializer wrote, without the reflection a Native AOT build does not have.
/// </summary>
[JsonSerializable(typeof(CorpusSummary))]
[JsonSerializable(typeof(TruthRecord))]
internal sealed partial class SamplingJson : JsonSerializerContext;
