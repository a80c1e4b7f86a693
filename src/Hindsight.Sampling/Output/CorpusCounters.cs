namespace Hindsight.Sampling;

/// <summary>
/// What one file (then the whole corpus) holds. Line-level counts cover every byte written, replayed lines included;
/// the "origin" counts (API messages, tokens, prompts) only count content where it first appears, which is exactly
/// what deduplication by uuid and by message.id + requestId must recover.
/// </summary>
internal sealed class CorpusCounters
{
    public long Lines { get; set; }
    public long Bytes { get; set; }
    public long PartialTails { get; set; }
    public SortedDictionary<string, long> RecordsByType { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> RecordKinds { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> MalformedByReason { get; } = new(StringComparer.Ordinal);
    public TokenCounts NaiveTokens { get; } = new();

    public long ApiMessages { get; set; }
    public long SplitApiMessages { get; set; }
    public long ApiMessagesWithoutRequestId { get; set; }
    public long SyntheticMessages { get; set; }
    public SortedDictionary<string, TokenCounts> TokensByModel { get; } = new(StringComparer.Ordinal);
    public long HumanPrompts { get; set; }
    public long SteeringTexts { get; set; }
    public long TextsWithTypos { get; set; }
    public long TextsWithSecrets { get; set; }
    public long TextsWithCode { get; set; }
    public List<TruthRecord> Truth { get; } = [];

    public void CountType(string type) => Increment(RecordsByType, type);

    public void CountKind(string kind) => Increment(RecordKinds, kind);

    public void CountMalformed(string reason) => Increment(MalformedByReason, reason);

    public void AddModelTokens(string model, in UsageNumbers usage)
    {
        if (!TokensByModel.TryGetValue(model, out var counts))
        {
            counts = new TokenCounts();
            TokensByModel[model] = counts;
        }
        counts.Add(usage);
    }

    public void Merge(CorpusCounters other)
    {
        Lines += other.Lines;
        Bytes += other.Bytes;
        PartialTails += other.PartialTails;
        MergeInto(RecordsByType, other.RecordsByType);
        MergeInto(RecordKinds, other.RecordKinds);
        MergeInto(MalformedByReason, other.MalformedByReason);
        NaiveTokens.Add(other.NaiveTokens);
        ApiMessages += other.ApiMessages;
        SplitApiMessages += other.SplitApiMessages;
        ApiMessagesWithoutRequestId += other.ApiMessagesWithoutRequestId;
        SyntheticMessages += other.SyntheticMessages;
        foreach (var (model, counts) in other.TokensByModel)
        {
            if (!TokensByModel.TryGetValue(model, out var mine))
            {
                mine = new TokenCounts();
                TokensByModel[model] = mine;
            }
            mine.Add(counts);
        }
        HumanPrompts += other.HumanPrompts;
        SteeringTexts += other.SteeringTexts;
        TextsWithTypos += other.TextsWithTypos;
        TextsWithSecrets += other.TextsWithSecrets;
        TextsWithCode += other.TextsWithCode;
        Truth.AddRange(other.Truth);
    }

    private static void Increment(SortedDictionary<string, long> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var value) ? value + 1 : 1;

    private static void MergeInto(SortedDictionary<string, long> target, SortedDictionary<string, long> source)
    {
        foreach (var (key, value) in source)
        {
            target[key] = target.TryGetValue(key, out var existing) ? existing + value : value;
        }
    }
}
