namespace Hindsight.Testing;

/// <summary>Small, realistic transcript lines for tests that build their own files.</summary>
public static class TranscriptLines
{
    public static string User(string uuid, string text, string session = "11111111-1111-4111-8111-111111111111", string? parent = null) =>
        $$"""{"parentUuid":{{(parent is null ? "null" : $"\"{parent}\"")}},"isSidechain":false,"userType":"external","cwd":"/home/ana/shop","sessionId":"{{session}}","version":"2.1.20","gitBranch":"main","type":"user","message":{"role":"user","content":"{{text}}"},"uuid":"{{uuid}}","timestamp":"2026-02-03T10:00:00.000Z"}""";

    public static string Assistant(string uuid, string messageId, string requestId, string blockJson, int output = 10, string session = "11111111-1111-4111-8111-111111111111") =>
        $$$"""{"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ana/shop","sessionId":"{{{session}}}","version":"2.1.20","gitBranch":"main","message":{"id":"{{{messageId}}}","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{{{blockJson}}}],"stop_reason":null,"usage":{"input_tokens":5,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":{{{output}}},"service_tier":"standard"}},"requestId":"{{{requestId}}}","type":"assistant","uuid":"{{{uuid}}}","timestamp":"2026-02-03T10:00:01.000Z"}""";

    public static string ToolUse(string id, string name) => $$$"""{"type":"tool_use","id":"{{{id}}}","name":"{{{name}}}","input":{"command":"ls"}}""";

    public static string Text(string text) => $$"""{"type":"text","text":"{{text}}"}""";

    public static string Summary(string text) => $$"""{"type":"summary","summary":"{{text}}","leafUuid":"aaaaaaaa-0000-4000-8000-000000000001"}""";

    /// <summary>
    /// A session of <paramref name="results"/> tool calls whose results are <paramref name="resultChars"/> characters each,
    /// written once (in message.content only, not also in toolUseResult): the most text a line's bytes can carry.
    /// </summary>
    public static string SessionOfLargeToolResults(string session, int results, int resultChars)
    {
        var filler = string.Concat(Enumerable.Repeat("0123456789abcdef ", resultChars / 17 + 1))[..resultChars];
        var lines = new List<string>();
        for (int i = 0; i < results; i++)
        {
            lines.Add(Assistant($"a{i}", $"msg_{i}", $"req_{i}", ToolUse($"t{i}", "Bash"), session: session));
            lines.Add($$"""{"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ana/shop","sessionId":"{{session}}","version":"2.1.20","type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t{{i}}","content":"{{filler}}"}]},"uuid":"r{{i}}","timestamp":"2026-02-03T10:00:02.000Z"}""");
        }
        return Jsonl([.. lines]);
    }

    public static string Jsonl(params string[] lines) => string.Join("\n", lines) + "\n";
}
