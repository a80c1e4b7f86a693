using System.Text.Json;
using System.Text.RegularExpressions;
using Hindsight.Sampling.Tests.Support;

namespace Hindsight.Sampling.Tests;

public sealed partial class LayoutTests(SmallCorpus corpus)
{
    private IReadOnlyList<RecountedFile> Files => corpus.Recount.Files;

    [Fact]
    public void Sessions_and_subagents_come_in_all_three_layouts()
    {
        var sessions = Files.Where(f => SessionFile().IsMatch(f.RelativePath)).ToList();
        var flat = Files.Where(f => FlatAgentFile().IsMatch(f.RelativePath)).ToList();
        var nested = Files.Where(f => NestedAgentFile().IsMatch(f.RelativePath)).ToList();

        Assert.Equal(Files.Count, sessions.Count + flat.Count + nested.Count);
        Assert.NotEmpty(flat);
        Assert.NotEmpty(nested);
        Assert.Contains(sessions, f => f.Records.Any(r => r.IsSidechain && r.Version!.StartsWith("1.0.", StringComparison.Ordinal)));
        Assert.All(flat.SelectMany(f => f.Records).Where(r => r.Version is not null), r => Assert.StartsWith("2.0.", r.Version, StringComparison.Ordinal));
        Assert.All(nested.SelectMany(f => f.Records).Where(r => r.Version is not null), r => Assert.StartsWith("2.1.", r.Version, StringComparison.Ordinal));
        Assert.Contains(nested, f => f.RelativePath.Split('/')[^1].Length == "agent-".Length + 17 + ".jsonl".Length);
        Assert.Contains(sessions, f => f.Bytes == 0);
        Assert.Contains(sessions, f => f.Records is [{ Type: "summary" }]);
    }

    [Fact]
    public void Every_meta_sidecar_sits_next_to_its_agent_and_names_its_type()
    {
        Assert.NotEmpty(corpus.Recount.MetaFiles);
        Assert.All(corpus.Recount.MetaFiles, meta =>
        {
            Assert.Contains(Files, f => f.RelativePath == meta.Replace(".meta.json", ".jsonl", StringComparison.Ordinal));
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus.Root, meta)));
            Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("agentType").GetString()));
            Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("description").GetString()));
        });
    }

    [Fact]
    public void Agent_lines_carry_the_parent_session_their_agent_id_and_start_a_chain()
    {
        foreach (var file in Files.Where(f => f.RelativePath.Contains("/agent-", StringComparison.Ordinal) && f.Records.Count > 0))
        {
            var agentId = Path.GetFileNameWithoutExtension(file.RelativePath)["agent-".Length..];
            var parentSession = NestedAgentFile().Match(file.RelativePath) is { Success: true } nested
                ? nested.Groups[1].Value
                : file.Records[0].SessionId!;
            Assert.Contains(Files, f => f.RelativePath.EndsWith($"/{parentSession}.jsonl", StringComparison.Ordinal));
            Assert.All(file.Records, r =>
            {
                Assert.Equal(parentSession, r.SessionId);
                Assert.True(r.IsSidechain, $"{file.RelativePath}:{r.Number} is not marked isSidechain");
                Assert.Equal(agentId, r.AgentId);
            });
            Assert.Contains("\"parentUuid\":null", file.Records[0].Raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Spawned_agents_are_named_in_their_parents_tool_result()
    {
        var spawned = Files.Where(f => f.RelativePath.Contains("/agent-", StringComparison.Ordinal)
            && f.Records.Count > 0 && f.Records[0] is { Type: "user" } first && !first.Raw.Contains("\"content\":\"Warmup\"", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(spawned);
        Assert.All(spawned, agent =>
        {
            var agentId = Path.GetFileNameWithoutExtension(agent.RelativePath)["agent-".Length..];
            var parent = Files.Single(f => f.RelativePath.EndsWith($"/{agent.Records[0].SessionId}.jsonl", StringComparison.Ordinal));
            Assert.Contains(parent.Records, r => r.Type == "user" && r.Raw.Contains($"\"agentId\":\"{agentId}\"", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void Every_record_type_and_rare_shape_of_real_data_is_present()
    {
        Assert.Subset(corpus.Recount.RecordsByType.Keys.ToHashSet(), new HashSet<string>
        {
            "user", "assistant", "system", "summary", "file-history-snapshot", "queue-operation", "progress", "attachment",
            "permission-mode", "last-prompt", "custom-title",
        });
        Assert.Subset(corpus.Recount.Features.Keys.ToHashSet(), new HashSet<string>
        {
            "system/compact_boundary", "user/compact_summary", "attachment/queued_command", "block/thinking", "block/thinking_empty",
            "block/image", "block/tool_use", "block/tool_result", "assistant/synthetic", "assistant/without_request_id", "sidechain_line",
            "system/stop_hook_summary", "system/turn_duration",
        });
    }

    [Fact]
    public void Each_era_writes_its_own_record_shapes()
    {
        var byEra = Files.SelectMany(f => f.Records).Where(r => r.Version is not null).GroupBy(r => r.Version![..3]).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal(["1.0", "2.0", "2.1"], byEra.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(byEra["1.0"], r => r.Type is "progress" or "attachment");
        Assert.DoesNotContain(byEra["1.0"], r => r.Raw.Contains("\"subtype\"", StringComparison.Ordinal));
        Assert.Contains(byEra["1.0"], r => r.Type == "system");
        Assert.DoesNotContain(byEra["2.0"], r => r.Type is "progress" or "attachment");
        Assert.Contains(byEra["2.1"], r => r.Type == "progress");
        Assert.Contains(byEra["2.1"], r => r.Raw.Contains("\"entrypoint\":\"cli\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Resumed_sessions_replay_the_opening_of_their_original_byte_for_byte()
    {
        var resumed = 0;
        foreach (var file in Files.Where(f => SessionFile().IsMatch(f.RelativePath)))
        {
            // Replayed lines keep the sessionId of the session they were first written in.
            var replayed = file.Records.Where(r => r.Uuid is not null && r.SessionId is not null && r.SessionId != StemOf(file)).ToList();
            if (replayed.Count == 0)
            {
                continue;
            }
            resumed++;
            var original = Files.Single(f => SessionFile().IsMatch(f.RelativePath) && StemOf(f) == replayed[0].SessionId);
            var opening = original.Records.Where(r => r.Uuid is not null).Take(replayed.Count).ToList();
            Assert.Equal(opening.Select(r => r.Raw), replayed.Select(r => r.Raw));
            Assert.Contains(file.Records, r => r.SessionId == StemOf(file));
        }
        Assert.Equal(corpus.Summary.ResumedSessions, resumed);
        Assert.True(resumed > 0, "the corpus has no resumed session");
    }

    [Fact]
    public void Timestamps_fall_in_the_first_quarter_of_2026()
    {
        Assert.True(corpus.Recount.FirstTimestamp >= new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), $"first {corpus.Recount.FirstTimestamp:o}");
        Assert.True(corpus.Recount.LastTimestamp < new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), $"last {corpus.Recount.LastTimestamp:o}");
    }

    [Fact]
    public void Malformed_lines_are_rare_and_a_few_files_end_in_a_partial_line()
    {
        var malformed = corpus.Recount.MalformedByReason.Values.Sum();
        var partial = Files.Where(f => f.PartialTail).ToList();

        Assert.InRange(malformed, 3, corpus.Recount.Lines / 1000);
        Assert.InRange(partial.Count, 2, 10);
        Assert.All(partial, file =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(corpus.Root, file.RelativePath));
            var tail = bytes[(Array.LastIndexOf(bytes, (byte)'\n') + 1)..];
            Assert.NotEqual((byte)'\n', bytes[^1]);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(tail));
        });
    }

    [Fact]
    public void The_giant_file_is_the_largest_and_near_its_planned_size()
    {
        Assert.InRange(corpus.Summary.LargestFileBytes, SmallCorpus.Spec.GiantFileBytes * 3 / 4, SmallCorpus.Spec.GiantFileBytes * 5 / 4);
        Assert.InRange(corpus.Summary.Bytes, SmallCorpus.Spec.TargetBytes * 3 / 4, SmallCorpus.Spec.TargetBytes * 5 / 4);
        Assert.InRange(corpus.Summary.Lines, SmallCorpus.Spec.TargetLines * 9 / 10, SmallCorpus.Spec.TargetLines * 6 / 5);
    }

    private static string StemOf(RecountedFile file) => Path.GetFileNameWithoutExtension(file.RelativePath);

    [GeneratedRegex(@"^projects/[^/]+/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.jsonl$")]
    private static partial Regex SessionFile();

    [GeneratedRegex(@"^projects/[^/]+/agent-[0-9a-f]{8}\.jsonl$")]
    private static partial Regex FlatAgentFile();

    [GeneratedRegex(@"^projects/[^/]+/([0-9a-f-]{36})/subagents/agent-a[0-9a-f]{6,16}\.jsonl$")]
    private static partial Regex NestedAgentFile();
}
