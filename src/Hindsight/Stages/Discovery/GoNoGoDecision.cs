namespace Hindsight.Stages.Discovery;

/// <summary>
/// The original Stage 0 decision, kept with its thresholds and wording so its users recognise it:
/// no files or no records is NO-GO; more than half the files with parse errors is NO-GO; more than a
/// tenth is CAUTION; otherwise GO. A partial last line is not a parse error.
/// </summary>
public sealed record GoNoGoDecision(string Verdict, string Text, IReadOnlyList<string> Recommendations)
{
    public const string Go = "GO";
    public const string Caution = "CAUTION";
    public const string NoGo = "NO-GO";

    public bool Halts => Verdict == NoGo;

    public static GoNoGoDecision Decide(long transcriptFiles, long records, long filesWithErrors, IReadOnlyDictionary<string, long> recordTypes)
    {
        var recommendations = new List<string>();
        double errorRate = (double)filesWithErrors / Math.Max(transcriptFiles, 1);
        if (transcriptFiles == 0) recommendations.Add("CRITICAL: No JSONL files found. Check source directory.");
        if (errorRate > 0.1) recommendations.Add($"WARNING: {errorRate * 100:F1}% of files have parse errors. Review data quality.");
        if (transcriptFiles > 0 && records == 0) recommendations.Add("CRITICAL: No messages found in the transcript files.");
        if (records > 0 && !recordTypes.ContainsKey("user")) recommendations.Add("WARNING: No 'user' message type found. Check export format.");
        if (records > 0 && !recordTypes.ContainsKey("assistant")) recommendations.Add("WARNING: No 'assistant' message type found. Check export format.");
        if (recommendations.Count == 0) recommendations.Add("OK: Data appears well-formed and ready for processing.");

        if (transcriptFiles == 0) return new(NoGo, "NO-GO: No source files", recommendations);
        if (records == 0) return new(NoGo, "NO-GO: No messages found", recommendations);
        if (errorRate > 0.5) return new(NoGo, "NO-GO: Too many parse errors", recommendations);
        if (errorRate > 0.1) return new(Caution, "CAUTION: Some parse errors, review before proceeding", recommendations);
        return new(Go, "GO: Data ready for processing", recommendations);
    }
}
