namespace Hindsight.Sampling;

/// <summary>
/// Codex and Gemini CLI sessions beside a Claude Code corpus: one session of each agent for every ten Claude Code files
/// (at least one), each planned from its own seed, so the same spec and seed give the same bytes. Codex rollouts go
/// under <c>DIR/.codex/sessions/YYYY/MM/DD/</c>, Gemini CLI chats under <c>DIR/.gemini/tmp/&lt;project-hash&gt;/chats/</c>.
/// </summary>
public static class OtherAgentCorpus
{
    public static async Task<OtherAgentSummary> GenerateAsync(CorpusSpec spec, SampleAgents agents, string outDir, CancellationToken cancellationToken)
    {
        int sessions = Math.Max(1, spec.Files / 10);
        var prompts = new PromptComposer(await TypoTable.LoadEmbeddedAsync(cancellationToken));
        var summary = new OtherAgentSummary();
        for (int i = 0; i < sessions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (agents.Codex)
            {
                var random = new DeterministicRandom(DeterministicRandom.Derive((ulong)spec.Seed, 0xC0DE_0000UL + (ulong)i));
                summary.Add("codex", await CodexRolloutWriter.WriteAsync(Path.Combine(outDir, SampleAgents.CodexHome), random, prompts, cancellationToken));
            }
            if (agents.Gemini)
            {
                var random = new DeterministicRandom(DeterministicRandom.Derive((ulong)spec.Seed, 0x6E41_0000UL + (ulong)i));
                summary.Add("gemini_cli", await GeminiChatWriter.WriteAsync(Path.Combine(outDir, SampleAgents.GeminiDataDir), random, prompts, cancellationToken));
            }
        }
        return summary;
    }
}

/// <summary>What the other agents' sessions hold, per agent (the product's agent names): sessions, prompts, calls and tokens.</summary>
public sealed class OtherAgentSummary
{
    public Dictionary<string, AgentSessionCounts> Agents { get; } = new(StringComparer.Ordinal);

    internal void Add(string agent, AgentSessionCounts session)
    {
        var total = Agents.GetValueOrDefault(agent) ?? new AgentSessionCounts();
        Agents[agent] = total with
        {
            Sessions = total.Sessions + 1,
            Prompts = total.Prompts + session.Prompts,
            Calls = total.Calls + session.Calls,
            InputTokens = total.InputTokens + session.InputTokens,
            OutputTokens = total.OutputTokens + session.OutputTokens,
            CachedTokens = total.CachedTokens + session.CachedTokens,
        };
    }
}

/// <summary>One agent's sessions: input is fresh input (cached input not in it), output includes reasoning or thoughts.</summary>
public sealed record AgentSessionCounts
{
    public int Sessions { get; init; }
    public int Prompts { get; init; }
    public int Calls { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public long CachedTokens { get; init; }
}
