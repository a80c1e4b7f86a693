using Hindsight.Messages;
using Hindsight.Secrets;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;

namespace Hindsight.Stages.Clean;

/// <summary>
/// Turns one record into its <c>messages</c> rows by its agent's rules (Sources/&lt;Agent&gt;/: the classification
/// role): the record's own row, and a row for each text a person typed inside its tool results. Counts what it
/// classified. One instance per thread: stage 1 has one per chunk it reads, stage 2 one for its pass.
/// </summary>
public sealed class RecordClassification
{
    public long Classified { get; private set; }
    /// <summary>Secrets redacted from typed text found in a toolUseResult, which stage 1 keeps only raw.</summary>
    public long SecretsRedacted { get; private set; }
    public Dictionary<string, long> Kinds { get; } = new(StringComparer.Ordinal);

    /// <summary>Classifies <paramref name="record"/> (texts already redacted) and adds its rows to <paramref name="into"/>.</summary>
    public void Classify(ITranscriptSource source, RecordToClassify record, MessageRow row, List<ClassifiedMessage> into)
    {
        var classification = source.Classify(record);
        into.Add(new ClassifiedMessage(row, classification));
        Classified++;
        Count(classification);
        // Text a person typed inside a tool result: a row of its own beside the record's, in the same transaction.
        foreach (var typed in source.TypedTextInToolResults(record))
        {
            // Typed text may come from the record's toolUseResult, which is kept only raw: redacted here.
            var typedClass = Redacted(typed.Classification);
            into.Add(new ClassifiedMessage(row with { BlockIndex = typed.BlockIndex }, typedClass));
            Count(typedClass);
        }
    }

    /// <summary>Adds another instance's counts (one per file or lane) to this one's.</summary>
    public void Add(RecordClassification other)
    {
        Classified += other.Classified;
        SecretsRedacted += other.SecretsRedacted;
        foreach (var (kind, count) in other.Kinds) FileProfile.Count(Kinds, kind, count);
    }

    private void Count(Classification classification) => FileProfile.Count(Kinds, classification.Kind.ToName());

    private Classification Redacted(Classification classification)
    {
        if (classification.Text is not { Length: > 0 } clean) return classification;
        var redactedText = SecretRedactor.Redact(clean, out var redacted);
        SecretsRedacted += redacted;
        return classification with { Text = redactedText };
    }
}
