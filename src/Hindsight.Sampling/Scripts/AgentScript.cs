namespace Hindsight.Sampling;

/// <summary>
/// Writes a subagent's own file: every line carries the parent's sessionId, isSidechain and the agentId; the chain
/// starts at the delegated prompt (parentUuid null) and ends with the report the parent's tool result repeats.
/// 2.0.x "Warmup" agents are one or two lines.
/// </summary>
internal sealed class AgentScript : IDisposable
{
    private readonly FilePlan _file;
    private readonly AgentPlan _agent;
    private readonly Conversation _c;

    public AgentScript(GenerationContext context, FilePlan file, TranscriptBuffer output)
    {
        _file = file;
        _agent = file.Agent!;
        var parent = _agent.Parent;
        _c = new Conversation(context, output, new DeterministicRandom(file.Seed), new PayloadBudget(output, file.TargetBytes, file.TargetLines), file.RelativePath)
        {
            SessionId = parent.SessionId,
            Version = parent.Version,
            Cwd = parent.Project.Cwd,
            GitBranch = parent.GitBranch,
            Model = _agent.Model,
            Slug = parent.Slug,
            AgentId = _agent.AgentId,
            IsSidechain = true,
            Gateway = parent.Gateway,
            Clock = _agent.Start,
            Origin = output.Counters,
        };
    }

    public IEnumerable<int> Run()
    {
        var c = _c;
        if (_agent.Warmup)
        {
            if (_file.TargetLines > 1)
            {
                c.User.WriteText("Warmup", "user/agent_prompt", parentUuid: null);
            }
            c.Assistant.WriteApiMessage(c.Responses.AnswerBlocks("I'm ready to help. I can search the code, read files and run commands in this repository."), "end_turn");
            yield return 0;
        }
        else
        {
            c.User.WriteText(_agent.Prompt, "user/agent_prompt", parentUuid: null);
            yield return 0;
            while (c.Budget.RemainingLines > 2)
            {
                // Subagents mostly read and search; PickToolKind never picks another subagent.
                var tool = c.Tools.NewCall(c.Random.Chance(0.4) ? ToolKind.Read : c.Tools.PickKind());
                c.Assistant.WriteApiMessage(c.Responses.StepBlocks([tool]), "tool_use");
                tool.Fails = c.Random.Chance(0.04);
                c.ToolResults.Write(tool);
                yield return 0;
            }
            c.Assistant.WriteApiMessage(c.Responses.AnswerBlocks(_agent.Report), "end_turn");
        }
        if (_file.PartialTail)
        {
            c.Assistant.WritePartialTail();
        }
        yield return 0;
    }

    public void Dispose() => _c.Dispose();
}
