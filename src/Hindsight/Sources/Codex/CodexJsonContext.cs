using System.Text.Json.Serialization;

namespace Hindsight.Sources.Codex;

/// <summary>Source-generated JSON for the Codex reader (trim- and AOT-safe).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class CodexJsonContext : JsonSerializerContext;
