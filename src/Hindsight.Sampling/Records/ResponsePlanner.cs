namespace Hindsight.Sampling;

/// <summary>
/// Decides what one API response of the chain contains, before it is written: for an intermediate call maybe thinking,
/// maybe a sentence, then the tool calls; for a turn's closing call maybe thinking, then the answer. Thinking is rarer
/// in older versions and, since 2.1.69, usually empty (only its signature is kept).
/// </summary>
internal sealed class ResponsePlanner(Conversation chain)
{
    private DeterministicRandom Random => chain.Random;
    private ClaudeVersion Version => chain.Version;

    /// <summary>The blocks of one intermediate API call: maybe thinking, maybe a sentence, then the tool calls.</summary>
    public List<PlannedBlock> StepBlocks(IEnumerable<ToolCall> tools, bool withThinking = false)
    {
        var blocks = new List<PlannedBlock>(4);
        if (withThinking || Random.Chance(ThinkingRate))
        {
            blocks.Add(new PlannedBlock(BlockKind.Thinking, ThinkingText()));
        }
        if (Random.Chance(0.4))
        {
            blocks.Add(new PlannedBlock(BlockKind.Text, Random.Pick(TextPools.AssistantSentences)));
        }
        foreach (var tool in tools)
        {
            blocks.Add(new PlannedBlock(BlockKind.ToolUse, string.Empty, tool));
        }
        return blocks;
    }

    /// <summary>The blocks of a turn's closing API call: maybe thinking, then the answer.</summary>
    public List<PlannedBlock> AnswerBlocks(string? answer = null)
    {
        var blocks = new List<PlannedBlock>(2);
        if (Random.Chance(ThinkingRate))
        {
            blocks.Add(new PlannedBlock(BlockKind.Thinking, ThinkingText()));
        }
        blocks.Add(new PlannedBlock(BlockKind.Text, answer ?? CorpusPlanner.Paragraph(Random, Random.LogNormalInt(3, 0.7, 1, 14))));
        return blocks;
    }

    private double ThinkingRate => Version.Era switch
    {
        TranscriptEra.V10 => 0.05,
        TranscriptEra.V20 => 0.3,
        _ => 0.35,
    };

    /// <summary>Since 2.1.69 the thinking text is usually empty and only the signature is kept.</summary>
    private string ThinkingText()
    {
        if (Version.HasEmptyThinking && Random.Chance(0.85))
        {
            return string.Empty;
        }
        var count = Random.Next(1, 5);
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = Random.Pick(TextPools.ThinkingSentences);
        }
        return string.Join(' ', parts);
    }
}
