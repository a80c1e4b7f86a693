using System.Text;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Sources.Codex;

namespace Hindsight.Tests.Sources.Codex;

/// <summary>Hostile lines for the Codex reader's second parse (its payload).</summary>
public sealed class CodexLineParserTests
{
    private static ParsedLine Parse(string line) =>
        new CodexLineParser("5f0c2a8e-1b3d-4c6e-9a7f-0d1e2f3a4b5c").Parse("f", new JsonlLine(1, 0, line.Length + 1, Encoding.UTF8.GetBytes(line), line.Length, false, null), keepRaw: true, observer: null);

    [Theory]
    [InlineData("""{"timestamp":"2026-11-03T09:00:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"cut emoji \ud83d"}]}}""", "cut emoji \uFFFD")]
    [InlineData("""{"timestamp":"2026-11-03T09:00:00.000Z","type":"event_msg","payload":{"type":"agent_message","message":"\udc00 lone low"}}""", "\uFFFD lone low")]
    public void A_lone_surrogate_escape_in_the_payload_is_read_as_a_replacement_character_and_kept_as_written(string line, string text)
    {
        var parsed = Parse(line);
        Assert.Null(parsed.DeadLetter);
        Assert.Equal(text, parsed.Record!.Blocks.Single().Text);
        Assert.Equal(line, Encoding.UTF8.GetString(parsed.Record.Raw));
    }
}
