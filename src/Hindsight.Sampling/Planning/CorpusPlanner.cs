using System.Text;

namespace Hindsight.Sampling;

/// <summary>
/// Decides the whole corpus before a byte is written: projects, sessions by era and version, agents and who spawns
/// them, resumed sessions, the giant file, line and byte targets, where malformed lines and partial tails go.
/// Everything comes from one seeded stream, so the plan (and with it every file) depends only on the spec.
/// </summary>
internal static class CorpusPlanner
{
    /// <summary>Start of the time range every timestamp falls in (2026-01-01 to 2026-03-31 UTC).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const double SessionShare = 0.56;
    private const double ResumedShare = 0.07;
    private const double GatewayShare = 0.03;
    private const double WarmupShareOfFlatAgents = 0.45;
    private const long GiantBytesPerLine = 50_000;

    public static CorpusPlan Plan(CorpusSpec spec)
    {
        spec.Validate();
        var random = new DeterministicRandom(DeterministicRandom.Derive((ulong)spec.Seed, 0x504C414EUL));
        var projects = PlanProjects(spec.Files, random);

        var sessionCount = Math.Clamp((int)Math.Round(spec.Files * SessionShare), 1, spec.Files);
        var agentCount = spec.Files - sessionCount;
        var odd = spec.Files >= 20 ? Math.Max(1, (int)Math.Round(sessionCount * 0.012)) : 0;
        var regularCount = Math.Max(1, sessionCount - 2 * odd);
        odd = (sessionCount - regularCount) / 2;
        agentCount = spec.Files - regularCount - 2 * odd;

        var sessions = PlanSessions(spec, regularCount, projects, random);
        var agents = PlanAgents(sessions, agentCount, random);
        PlanResumes(sessions, random);
        foreach (var session in sessions.Where(s => !s.IsGiant && random.Chance(GatewayShare)))
        {
            session.Gateway = true;
        }
        if (sessions.Count >= 20 && !sessions.Any(s => s.Gateway))
        {
            sessions.First(s => !s.IsGiant).Gateway = true;
        }

        var oddSessions = new List<(SessionPlan Session, SampleFileKind Kind)>();
        for (var i = 0; i < 2 * odd; i++)
        {
            var era = i % 2 == 0 ? TranscriptEra.V21 : TranscriptEra.V10;
            var version = random.Pick(era == TranscriptEra.V21 ? ClaudeVersion.Era21 : ClaudeVersion.Era10);
            oddSessions.Add((NewSession(random, random.Pick(projects), version, Models.ForSession(era, random), giant: false),
                i % 2 == 0 ? SampleFileKind.EmptySession : SampleFileKind.SummaryOnlySession));
        }

        var files = AssignFiles(sessions, agents, oddSessions, spec);
        PlanTargets(spec, files, random);
        PlanNoise(spec, files, random);
        return new CorpusPlan(projects, files);
    }

    private static List<ProjectPlan> PlanProjects(int files, DeterministicRandom random)
    {
        var count = Math.Clamp((int)Math.Round(files / 36.0), 1, 400);
        var projects = new List<ProjectPlan>(count);
        var pool = TextPools.ProjectPaths;
        var offset = random.Next(pool.Count);
        for (var i = 0; i < count; i++)
        {
            var round = i / pool.Count;
            var cwd = pool[(offset + i) % pool.Count];
            projects.Add(new ProjectPlan(round == 0 ? cwd : $"{cwd}-{round + 1}"));
        }
        return projects;
    }

    private static List<SessionPlan> PlanSessions(CorpusSpec spec, int count, List<ProjectPlan> projects, DeterministicRandom random)
    {
        var projectWeights = Enumerable.Range(0, projects.Count).Select(rank => 1 / Math.Pow(rank + 1, 0.8)).ToArray();
        var era10 = count >= 3 ? Math.Max(1, (int)Math.Round(count * 0.20)) : 0;
        var era20 = count >= 3 ? Math.Max(1, (int)Math.Round(count * 0.35)) : 0;
        var sessions = new List<SessionPlan>(count);
        for (var i = 0; i < count; i++)
        {
            var giant = spec.GiantFileBytes > 0 && i == count - 1;
            var era = giant ? TranscriptEra.V21 : i < era10 ? TranscriptEra.V10 : i < era10 + era20 ? TranscriptEra.V20 : TranscriptEra.V21;
            var indexInEra = era switch
            {
                TranscriptEra.V10 => i,
                TranscriptEra.V20 => i - era10,
                _ => i - era10 - era20,
            };
            var version = giant ? ClaudeVersion.Giant : PickVersion(era, indexInEra, random);
            var project = giant ? projects[0] : projects[random.PickWeighted(projectWeights)];
            var session = NewSession(random, project, version, giant ? Models.Opus45 : Models.ForSession(era, random), giant, showcase: indexInEra == 0 && !giant);
            session.Weight = Math.Clamp(random.LogNormal(1, 1.0), 0.05, 25);
            if (session.Showcase)
            {
                session.Weight = Math.Max(session.Weight, 1.5);
            }
            sessions.Add(session);
        }
        return sessions;
    }

    /// <summary>
    /// Random versions of the era, except that the first sessions of an era take the versions whose features a
    /// corpus must show: the newest layouts (queued_command, .meta.json sidecars) and the progress-record era.
    /// </summary>
    private static ClaudeVersion PickVersion(TranscriptEra era, int indexInEra, DeterministicRandom random) => (era, indexInEra) switch
    {
        (TranscriptEra.V10, 0) => new ClaudeVersion(1, 0, 98),
        (TranscriptEra.V10, _) => random.Pick(ClaudeVersion.Era10),
        (TranscriptEra.V20, 0) => new ClaudeVersion(2, 0, 55),
        (TranscriptEra.V20, _) => random.Pick(ClaudeVersion.Era20),
        (_, 0) => new ClaudeVersion(2, 1, 126),
        (_, 1) => new ClaudeVersion(2, 1, 42),
        _ => random.Pick(ClaudeVersion.Era21),
    };

    private static SessionPlan NewSession(DeterministicRandom random, ProjectPlan project, ClaudeVersion version, string model, bool giant, bool showcase = false) => new()
    {
        SessionId = Ids.Uuid(random),
        Project = project,
        Version = version,
        Model = model,
        Start = giant ? Epoch.AddDays(4) : Epoch.AddSeconds(random.NextLong(0, 85L * 24 * 3600)),
        GitBranch = random.Pick(TextPools.GitBranches),
        Slug = version.HasSlug
            ? $"{random.Pick(TextPools.SlugAdjectives)}-{random.Pick(TextPools.SlugVerbs)}-{random.Pick(TextPools.SlugNouns)}"
            : null,
        IsGiant = giant,
        Showcase = showcase,
    };

    private static List<AgentPlan> PlanAgents(List<SessionPlan> sessions, int count, DeterministicRandom random)
    {
        var flatParents = sessions.Where(s => s.Version.Layout == SubagentLayout.Flat).ToList();
        var nestedParents = sessions.Where(s => s.Version.Layout == SubagentLayout.Nested && !s.IsGiant).ToList();
        if (nestedParents.Count == 0)
        {
            nestedParents = sessions.Where(s => s.Version.Layout == SubagentLayout.Nested).ToList();
        }
        var agents = new List<AgentPlan>(count);
        var flatCount = flatParents.Count == 0 ? 0 : nestedParents.Count == 0 ? count : (int)Math.Round(count * 0.5);
        for (var i = 0; i < count; i++)
        {
            var flat = i < flatCount;
            var parents = flat ? flatParents : nestedParents;
            if (parents.Count == 0)
            {
                parents = sessions;
            }
            var first = flat ? i == 0 : i == flatCount;
            var parent = first && parents.FirstOrDefault(s => s.Showcase) is { } showcase ? showcase : parents[random.Next(parents.Count)];
            var warmup = parent.Version.Layout == SubagentLayout.Flat && !first && (i == 1 || random.Chance(WarmupShareOfFlatAgents));
            var agent = NewAgent(parent, warmup, random);
            if (!warmup)
            {
                parent.SpawnedAgents.Add(agent);
            }
            agents.Add(agent);
        }
        return agents;
    }

    private static AgentPlan NewAgent(SessionPlan parent, bool warmup, DeterministicRandom random)
    {
        var version = parent.Version;
        var agentId = version.Layout == SubagentLayout.Flat
            ? Ids.HexChars(random, 8)
            : "a" + Ids.HexChars(random, version.AgentIdHexLength);
        var description = random.Pick(TextPools.AgentDescriptions);
        return new AgentPlan
        {
            AgentId = agentId,
            Parent = parent,
            Model = warmup ? Models.Haiku45 : Models.ForAgent(parent, random),
            AgentType = random.Pick(TextPools.AgentTypes),
            Description = description,
            Prompt = warmup ? "Warmup" : AgentPrompt(description, random),
            Report = warmup ? string.Empty : Paragraph(random, random.Next(3, 9)),
            ToolUseId = Ids.ToolUseId(random),
            Warmup = warmup,
            Start = parent.Start.AddSeconds(random.Next(20, 4 * 3600)),
        };
    }

    private static string AgentPrompt(string description, DeterministicRandom random) =>
        $"{description}. Look at {random.Pick(TextPools.SourceFiles)} and {random.Pick(TextPools.SourceFiles)}, " +
        $"find every use of {random.Pick(TextPools.FunctionNames)} and report the file, the line and what each call passes. " +
        "Do not change any code; answer with a short list and a one-paragraph summary.";

    public static string Paragraph(DeterministicRandom random, int sentences)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            if (i > 0)
            {
                builder.Append(random.Chance(0.25) ? "\n\n" : " ");
            }
            builder.Append(random.Pick(TextPools.AssistantSentences));
        }
        return builder.ToString();
    }

    private static void PlanResumes(List<SessionPlan> sessions, DeterministicRandom random)
    {
        var regular = sessions.Where(s => !s.IsGiant).ToList();
        var wanted = regular.Count >= 8 ? Math.Max(1, (int)Math.Round(regular.Count * ResumedShare)) : 0;
        var attempts = 0;
        while (wanted > 0 && attempts++ < 20 * regular.Count)
        {
            var resumed = regular[random.Next(regular.Count)];
            var original = regular[random.Next(regular.Count)];
            if (resumed == original || resumed.ResumeOf is not null || original.ResumeOf is not null
                || regular.Any(s => s.ResumeOf == resumed) || original.Version.Era != resumed.Version.Era)
            {
                continue;
            }
            resumed.ResumeOf = original;
            resumed.ReplayTurns = random.Next(1, 4);
            resumed.Start = original.Start.AddSeconds(random.Next(3600, 48 * 3600));
            resumed.Weight = Math.Max(resumed.Weight, 0.8);
            original.Weight = Math.Max(original.Weight, 1.2);
            wanted--;
        }
    }

    private static List<FilePlan> AssignFiles(
        List<SessionPlan> sessions,
        List<AgentPlan> agents,
        List<(SessionPlan Session, SampleFileKind Kind)> oddSessions,
        CorpusSpec spec)
    {
        var files = new List<FilePlan>(spec.Files);
        var agentsByParent = agents.ToLookup(agent => agent.Parent);
        var ordered = sessions.Select(s => (Session: s, Kind: SampleFileKind.Session))
            .Concat(oddSessions)
            .OrderBy(entry => entry.Session.Project.DirectoryName, StringComparer.Ordinal)
            .ThenBy(entry => entry.Session.Start)
            .ThenBy(entry => entry.Session.SessionId, StringComparer.Ordinal)
            .ToList();
        foreach (var (session, kind) in ordered)
        {
            var sessionFile = new FilePlan
            {
                Index = files.Count,
                Kind = kind,
                RelativePath = $"projects/{session.Project.DirectoryName}/{session.SessionId}.jsonl",
                Seed = DeterministicRandom.Derive((ulong)spec.Seed, (ulong)files.Count + 1),
                Session = session,
            };
            session.File = sessionFile;
            files.Add(sessionFile);
            foreach (var agent in agentsByParent[session])
            {
                var flat = session.Version.Layout == SubagentLayout.Flat;
                var agentFile = new FilePlan
                {
                    Index = files.Count,
                    Kind = flat ? SampleFileKind.FlatAgent : SampleFileKind.NestedAgent,
                    RelativePath = flat
                        ? $"projects/{session.Project.DirectoryName}/agent-{agent.AgentId}.jsonl"
                        : $"projects/{session.Project.DirectoryName}/{session.SessionId}/subagents/agent-{agent.AgentId}.jsonl",
                    Seed = DeterministicRandom.Derive((ulong)spec.Seed, (ulong)files.Count + 1),
                    Agent = agent,
                };
                agent.File = agentFile;
                files.Add(agentFile);
            }
        }
        return files;
    }

    private static void PlanTargets(CorpusSpec spec, List<FilePlan> files, DeterministicRandom random)
    {
        var giant = files.FirstOrDefault(f => f.Session?.IsGiant == true);
        var giantLines = giant is null ? 0 : Math.Clamp(spec.GiantFileBytes / GiantBytesPerLine, 200, Math.Max(200, spec.TargetLines / 4));
        long fixedLines = 0;
        foreach (var file in files)
        {
            switch (file.Kind)
            {
                case SampleFileKind.EmptySession:
                    file.TargetLines = 0;
                    break;
                case SampleFileKind.SummaryOnlySession:
                    file.TargetLines = 1;
                    break;
                case SampleFileKind.FlatAgent or SampleFileKind.NestedAgent:
                    file.TargetLines = file.Agent!.Warmup ? random.Next(1, 3) : random.LogNormalInt(22, 0.8, 4, 300);
                    break;
                default:
                    continue;
            }
            fixedLines += file.TargetLines;
        }
        var sessionFiles = files.Where(f => f.Kind == SampleFileKind.Session && f != giant).ToList();
        var sessionLines = Math.Max(sessionFiles.Count * 6L, spec.TargetLines - fixedLines - giantLines);
        var totalWeight = sessionFiles.Sum(f => f.Session!.Weight);
        foreach (var file in sessionFiles)
        {
            file.TargetLines = Math.Max(6, (long)Math.Round(sessionLines * file.Session!.Weight / totalWeight));
        }
        if (giant is not null)
        {
            giant.TargetLines = giantLines;
            giant.TargetBytes = spec.GiantFileBytes;
        }

        var sizedFiles = files.Where(f => f != giant && f.TargetLines >= 3 && f.Agent?.Warmup != true).ToList();
        var sizedLines = Math.Max(1, sizedFiles.Sum(f => f.TargetLines));
        var bytesPerLine = (double)(spec.TargetBytes - spec.GiantFileBytes) / sizedLines;
        var jitters = sizedFiles.Select(_ => random.MeanOneJitter(0.5)).ToArray();
        var meanJitter = sizedFiles.Count == 0 ? 1 : sizedFiles.Select((f, i) => jitters[i] * f.TargetLines).Sum() / sizedLines;
        for (var i = 0; i < sizedFiles.Count; i++)
        {
            sizedFiles[i].TargetBytes = (long)(sizedFiles[i].TargetLines * bytesPerLine * jitters[i] / meanJitter);
        }
    }

    private static void PlanNoise(CorpusSpec spec, List<FilePlan> files, DeterministicRandom random)
    {
        var candidates = files
            .Where(f => f.TargetLines >= 20 && f.Kind is SampleFileKind.Session or SampleFileKind.FlatAgent or SampleFileKind.NestedAgent)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var weights = candidates.Select(f => (double)f.TargetLines).ToArray();
        var malformed = Math.Max(3, (int)Math.Round(spec.TargetLines / 5000.0));
        for (var i = 0; i < malformed; i++)
        {
            var file = candidates[random.PickWeighted(weights)];
            file.MalformedAfterLine.Add(random.NextLong(2, Math.Max(3, file.TargetLines * 4 / 5)));
        }
        var partials = Math.Min(candidates.Count, Math.Max(2, (int)Math.Round(spec.Files / 250.0)));
        var marked = 0;
        while (marked < partials)
        {
            var file = candidates[random.Next(candidates.Count)];
            if (!file.PartialTail)
            {
                file.PartialTail = true;
                marked++;
            }
        }
    }
}
