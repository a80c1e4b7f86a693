namespace Hindsight.Sampling;

/// <summary>
/// Writes a main session turn by turn: prompt (or slash command, shell input), tool steps, answer, and the
/// version's metadata around them; compaction when the context fills up; steering, interruptions, API errors;
/// the subagent calls the plan assigned to it. A resumed session first replays the opening turns of the session it
/// resumes by running that session's own script, so the replayed lines are byte-identical to the originals.
/// The enumerators yield after each step so the driver can flush the buffer.
/// </summary>
internal sealed class SessionScript : IDisposable
{
    private static readonly IReadOnlyList<string> PermissionModes = ["default", "acceptEdits", "plan", "default"];

    private readonly GenerationContext _context;
    private readonly FilePlan _file;
    private readonly SessionPlan _plan;
    private readonly Conversation _c;
    private int _spawned;
    private long _compactAt;
    private bool _prompted;
    private int _turn;

    public SessionScript(GenerationContext context, FilePlan file, TranscriptBuffer output, CorpusCounters? origin)
    {
        _context = context;
        _file = file;
        _plan = file.Session!;
        var random = new DeterministicRandom(file.Seed);
        _c = new Conversation(context, output, random, new PayloadBudget(output, file.TargetBytes, file.TargetLines), file.RelativePath)
        {
            SessionId = _plan.SessionId,
            Version = _plan.Version,
            Cwd = _plan.Project.Cwd,
            GitBranch = _plan.GitBranch,
            Model = _plan.Model,
            Slug = _plan.Slug,
            Gateway = _plan.Gateway,
            Clock = _plan.Start,
            Origin = origin,
        };
        // Auto-compaction near the context limit; some users run /compact themselves well before it.
        _compactAt = random.Chance(0.15) ? random.Next(40_000, 120_000) : random.Next(150_000, 168_000);
    }

    public string? LastUuid => _c.LastUuid;

    public long ContextTokens => _c.ContextTokens;

    /// <summary>The whole file: (replayed prefix,) turns up to the line target, pending agent calls, the tail.</summary>
    public IEnumerable<int> Run()
    {
        switch (_file.Kind)
        {
            case SampleFileKind.EmptySession:
                yield break;
            case SampleFileKind.SummaryOnlySession:
                _c.Metadata.WriteSummary(Ids.Uuid(_c.Random));
                yield break;
        }
        if (_plan.ResumeOf is { File: { } originalFile })
        {
            Preamble(resumed: true);
            using var original = new SessionScript(_context, originalFile, _c.Out, origin: null);
            foreach (var step in original.Turns(_plan.ReplayTurns, withPreamble: true))
            {
                yield return step;
            }
            _c.LastUuid = original.LastUuid;
            _c.ContextTokens = original.ContextTokens;
            _c.Out.Counters.CountKind("session/resumed");
        }
        foreach (var step in Turns(turnLimit: null, withPreamble: _plan.ResumeOf is null))
        {
            yield return step;
        }
        while (_spawned < _plan.SpawnedAgents.Count)
        {
            foreach (var step in Turn(forceSpawn: true))
            {
                yield return step;
            }
        }
        Epilogue();
        yield return 0;
    }

    /// <summary>Preamble and turns while the line target allows, at most <paramref name="turnLimit"/> of them.</summary>
    public IEnumerable<int> Turns(int? turnLimit, bool withPreamble)
    {
        if (withPreamble)
        {
            Preamble(resumed: false);
        }
        yield return 0;
        var turns = 0;
        while (_c.Budget.LinesWritten < _file.TargetLines && (turnLimit is null || turns < turnLimit))
        {
            foreach (var step in Turn(forceSpawn: false))
            {
                yield return step;
            }
            turns++;
        }
    }

    private void Preamble(bool resumed)
    {
        var c = _c;
        var random = c.Random;
        if (c.Version.HasSummaryRecords && random.Chance(resumed ? 0.8 : 0.4))
        {
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                c.Metadata.WriteSummary(Ids.Uuid(random));
            }
        }
        if (c.Version.HasProgressRecords && random.Chance(0.7))
        {
            c.Progress.Write("hook_progress", null);
        }
        if (c.Version.IsModern)
        {
            c.Metadata.WriteSessionField("permission-mode", "permissionMode", c.PermissionMode);
            if (random.Chance(0.6))
            {
                c.Attachments.Write("hook_success");
                c.Attachments.Write("hook_additional_context");
            }
        }
    }

    private IEnumerable<int> Turn(bool forceSpawn)
    {
        var c = _c;
        var random = c.Random;
        var showcase = _plan.Showcase && _turn == 0;
        if (c.Version.HasCompactBoundary && (c.ContextTokens > _compactAt || (_plan.Showcase && _turn == 2)))
        {
            var manual = _compactAt < 150_000 || random.Chance(0.3);
            if (manual)
            {
                c.User.WriteText("<command-name>/compact</command-name>\n            <command-message>compact</command-message>\n            <command-args></command-args>", "user/slash_command");
            }
            c.SystemLines.WriteCompaction(manual);
            _compactAt = random.Next(150_000, 168_000);
            yield return 0;
        }
        else if (c.ContextTokens > 185_000)
        {
            // 1.0.x: the user clears the conversation instead.
            c.User.WriteText("<command-name>/clear</command-name>\n            <command-message>clear</command-message>\n            <command-args></command-args>", "user/slash_command");
            c.ContextTokens = 0;
        }

        var opener = forceSpawn ? 0 : random.PickWeighted([0.88, 0.07, 0.05]);
        var promptUuid = Ids.Uuid(random);
        var steps = random.LogNormalInt(5, 0.9, 1, 60);
        _turn++;
        switch (opener)
        {
            case 0:
                WritePrompt(promptUuid, withImage: showcase || random.Chance(0.02));
                break;
            case 1:
                c.User.WriteSlashCommand();
                steps = random.Next(0, 3);
                break;
            default:
                c.User.WriteShellInput();
                steps = 0;
                break;
        }
        yield return 0;

        var remainingLines = _file.TargetLines - c.Budget.LinesWritten;
        steps = (int)Math.Clamp(Math.Min(steps, remainingLines / 3), forceSpawn || showcase ? 1 : 0, 60);
        var interruptAt = !showcase && random.Chance(0.025) ? random.Next(Math.Max(1, steps)) : -1;
        var steerAt = c.Version.HasQueueOperations && (showcase || random.Chance(0.06)) ? random.Next(Math.Max(1, steps)) : -1;
        for (var step = 0; step < steps; step++)
        {
            if (c.Version.HasSystemSubtypes && ((showcase && step == 0) || random.Chance(0.006)))
            {
                c.Assistant.WriteSyntheticError();
            }
            var tools = PickTools(forceSpawn && step == 0, inline: showcase && step == 0);
            c.Assistant.WriteApiMessage(c.Responses.StepBlocks(tools, withThinking: showcase && step == 0), "tool_use");
            foreach (var tool in tools)
            {
                WriteToolOutcome(tool, promptUuid, rejected: step == interruptAt);
            }
            if (step == interruptAt)
            {
                c.User.WriteText("[Request interrupted by user for tool use]", "user/interruption", asBlocks: true);
                yield return 0;
                yield break;
            }
            if (step == steerAt)
            {
                c.User.WriteSteering(_context.Prompts.Steering(random));
            }
            yield return 0;
        }

        if (opener == 2)
        {
            yield break;
        }
        c.Assistant.WriteApiMessage(c.Responses.AnswerBlocks(), "end_turn");
        if (c.Version.HasSystemSubtypes && random.Chance(0.25))
        {
            c.SystemLines.Write("stop_hook_summary");
        }
        if (c.Version.HasTurnDuration && random.Chance(0.7))
        {
            c.SystemLines.Write("turn_duration");
        }
        if (c.Version.IsModern && random.Chance(0.05))
        {
            c.SystemLines.Write("away_summary");
        }
        if (c.Version.IsModern && random.Chance(0.05))
        {
            c.PermissionMode = random.Pick(PermissionModes);
            c.Metadata.WriteSessionField("permission-mode", "permissionMode", c.PermissionMode);
        }
        yield return 0;
    }

    private void WritePrompt(string promptUuid, bool withImage)
    {
        var c = _c;
        var random = c.Random;
        var text = _context.Prompts.Prompt(random);
        if (c.Version.HasFileHistory)
        {
            c.Metadata.WriteFileHistorySnapshot(promptUuid, update: false);
        }
        if (c.Version.HasQueueOperations && random.Chance(0.1))
        {
            c.Metadata.WriteQueueOperation("enqueue", text.Typed);
            c.Metadata.WriteQueueOperation("dequeue", null);
        }
        var firstPrompt = !_prompted;
        _prompted = true;
        c.User.WriteHumanPrompt(text, promptUuid, withImage, withIdeContext: c.Version.Era != TranscriptEra.V10 && random.Chance(0.03));
        if (c.Version.HasProgressRecords && random.Chance(0.3))
        {
            c.Progress.Write("hook_progress", null);
        }
        if (c.Version.IsModern)
        {
            if (firstPrompt)
            {
                c.Attachments.Write("deferred_tools_delta");
                c.Attachments.Write("skill_listing");
            }
            if (random.Chance(0.3))
            {
                c.Attachments.Write("hook_success");
            }
            if (random.Chance(0.03))
            {
                c.Attachments.Write("task_reminder");
            }
            if (random.Chance(0.8))
            {
                c.Metadata.WriteSessionField("last-prompt", "lastPrompt", text.Typed.Length <= 200 ? text.Typed : text.Typed[..200] + "…");
            }
        }
    }

    private List<ToolCall> PickTools(bool forceSpawn, bool inline)
    {
        var c = _c;
        var random = c.Random;
        var pending = _plan.SpawnedAgents.Count - _spawned;
        var remainingSteps = Math.Max(1.0, (_file.TargetLines - c.Budget.LinesWritten) / 3.5);
        if (pending > 0 && (forceSpawn || random.Chance(pending / remainingSteps)))
        {
            return [c.Tools.NewCall(ToolKind.Subagent, _plan.SpawnedAgents[_spawned++])];
        }
        if (c.Version.Layout == SubagentLayout.Inline && (inline || random.Chance(0.02)))
        {
            return [c.Tools.NewCall(ToolKind.Subagent)];
        }
        var count = random.PickWeighted([0.8, 0.15, 0.05]) + 1;
        var tools = new List<ToolCall>(count);
        for (var i = 0; i < count; i++)
        {
            tools.Add(c.Tools.NewCall(c.Tools.PickKind()));
        }
        return tools;
    }

    private void WriteToolOutcome(ToolCall tool, string promptUuid, bool rejected)
    {
        var c = _c;
        var random = c.Random;
        if (tool.Kind == ToolKind.Subagent)
        {
            if (tool.Agent is null)
            {
                InlineSidechain(tool);
            }
            else if (c.Version.HasProgressRecords)
            {
                var count = random.Next(1, 3);
                for (var i = 0; i < count; i++)
                {
                    c.Progress.Write("agent_progress", tool.Id, tool.Agent.AgentId);
                }
            }
        }
        if (tool.Kind == ToolKind.Bash && c.Version.HasProgressRecords && random.Chance(0.4))
        {
            c.Progress.Write("bash_progress", tool.Id);
        }
        tool.Rejected = rejected;
        tool.Fails = !rejected && tool.Kind != ToolKind.Subagent && random.Chance(0.05);
        c.ToolResults.Write(tool);
        if (c.Version.IsModern && random.Chance(0.15))
        {
            c.Attachments.Write("hook_success", tool.Id);
        }
        if (c.Version.HasProgressRecords && random.Chance(0.1))
        {
            c.Progress.Write("hook_progress", tool.Id);
        }
        if (c.Version.Era == TranscriptEra.V10 && random.Chance(0.08))
        {
            c.SystemLines.Write(null);
        }
        if (c.Version.HasFileHistory && tool.Kind is ToolKind.Edit or ToolKind.Write && random.Chance(0.3))
        {
            c.Metadata.WriteFileHistorySnapshot(promptUuid, update: true);
        }
    }

    /// <summary>1.0.x: the subagent's lines go into the session file itself, as a separate chain marked isSidechain.</summary>
    private void InlineSidechain(ToolCall tool)
    {
        var parent = _c;
        using var sidechain = new Conversation(_context, parent.Out, parent.Random, parent.Budget, parent.RelativePath)
        {
            SessionId = parent.SessionId,
            Version = parent.Version,
            Cwd = parent.Cwd,
            GitBranch = parent.GitBranch,
            Model = parent.Model,
            Gateway = parent.Gateway,
            IsSidechain = true,
            Clock = parent.Clock,
            Origin = parent.Origin,
        };
        sidechain.User.WriteText(tool.Argument, "user/agent_prompt", parentUuid: null);
        var steps = parent.Random.Next(1, 4);
        for (var i = 0; i < steps; i++)
        {
            var inner = sidechain.Tools.NewCall(parent.Random.Chance(0.5) ? ToolKind.Grep : ToolKind.Read);
            sidechain.Assistant.WriteApiMessage(sidechain.Responses.StepBlocks([inner]), "tool_use");
            sidechain.ToolResults.Write(inner);
        }
        sidechain.Assistant.WriteApiMessage(sidechain.Responses.AnswerBlocks(), "end_turn");
        parent.Clock = sidechain.Clock;
        parent.Out.Counters.CountKind("session/inline_sidechain");
    }

    private void Epilogue()
    {
        var c = _c;
        if (c.Version.IsModern && (_plan.Showcase || c.Random.Chance(0.1)))
        {
            c.Metadata.WriteSessionField("custom-title", "customTitle", c.Random.Pick(TextPools.SessionTitles));
        }
        if (_file.PartialTail)
        {
            c.Assistant.WritePartialTail();
        }
    }

    public void Dispose() => _c.Dispose();
}
