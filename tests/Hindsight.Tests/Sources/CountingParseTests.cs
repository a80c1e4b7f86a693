using System.Text;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Sources.Codex;
using Hindsight.Sources.GeminiCli;

namespace Hindsight.Tests.Sources;

/// <summary>
/// Discovery profiles a file on its own (when extraction did not read it whole, e.g. after a run was killed) by parsing
/// its lines without keeping their raw bytes; its profile must count the same block types and tool names as the one
/// extraction builds while it reads. A Codex or Gemini CLI parse without the raw line once left out every block.
/// </summary>
public sealed class CountingParseTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "codex", "codex/home/sessions/2026/11/03/rollout-2026-11-03T09-12-44-5f0c2a8e-1b3d-4c6e-9a7f-0d1e2f3a4b5c.jsonl" },
        { "codex", "codex/home/sessions/2026/11/04/rollout-2026-11-04T10-00-00-7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.jsonl" },
        { "gemini", "gemini/tmp/70aae4706233a157223823d1f4d5ea99f99e3b749a163a0e0bdaa0a92d7c8691/chats/session-2026-11-04T10-00-bbbbbbbb.jsonl" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_line_parsed_for_counting_has_the_blocks_of_the_line_parsed_for_storing(string agent, string fixture)
    {
        ILineParser parser = agent == "codex" ? new CodexLineParser("s") : new GeminiMessageParser("s");
        long offset = 0, number = 0, blocks = 0;
        foreach (var text in File.ReadLines(Path.Combine(RepositoryPaths.Fixtures, fixture)))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var line = new JsonlLine(++number, offset, offset + bytes.Length + 1, bytes, bytes.Length, false, null);
            offset += bytes.Length + 1;

            var stored = parser.Parse("f", line, keepRaw: true, observer: null);
            var counted = parser.Parse("f", line, keepRaw: false, observer: null);

            Assert.Equal(Shape(stored), Shape(counted));
            blocks += stored.Record?.Blocks.Count ?? 0;
        }
        Assert.True(blocks > 0, $"{fixture} has no content blocks: the comparison shows nothing");
    }

    private static string Shape(ParsedLine parsed) => parsed.Record is { } record
        ? $"{record.Type}/{record.Subtype}: " + string.Join(", ", record.Blocks.Select(b => $"{b.BlockType} {b.ToolName}"))
        : $"dead letter {parsed.DeadLetter!.Reason}";
}
