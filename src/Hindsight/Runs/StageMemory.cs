namespace Hindsight.Runs;

/// <summary>
/// One stage's memory, as recorded in its metrics: the peak resident set of the process during the stage and the
/// high-water mark of DuckDB's own buffer pool (and of what it spilled to disk).
/// </summary>
/// <param name="PeakResidentBytes">The process's peak RSS during the stage.</param>
/// <param name="PeakIsExact">
/// True when the stage raised the process's own high-water mark, which is then its exact peak; false when the stage
/// stayed below an earlier stage's peak (or the system keeps no mark), and its peak is the largest of the samples.
/// </param>
/// <param name="DuckDbPeakBytes">The largest <c>duckdb_memory()</c> total sampled during the stage; null without a warehouse.</param>
/// <param name="DuckDbSpillPeakBytes">The largest temporary-storage total sampled (what DuckDB spilled); null without a warehouse.</param>
public sealed record StageMemory(long PeakResidentBytes, bool PeakIsExact, long? DuckDbPeakBytes, long? DuckDbSpillPeakBytes)
{
    public const string PeakRssMetric = "peak_rss_bytes";
    public const string PeakRssExactMetric = "peak_rss_exact";
    public const string DuckDbPeakMetric = "duckdb_memory_peak_bytes";
    public const string DuckDbSpillPeakMetric = "duckdb_spill_peak_bytes";

    /// <summary>
    /// The stage's peak from the process's high-water marks before and after it and the samples taken during it: a
    /// mark that rose was set by this stage; otherwise the samples are all there is.
    /// </summary>
    public static (long Peak, bool Exact) PeakOf(long? markBefore, long? markAfter, long sampledPeak) =>
        markBefore is { } before && markAfter is { } after && after > before
            ? (after, true)
            : (sampledPeak, false);

    /// <summary>A stage run in two parts (discovery, decided after the pass it shares): the larger of each figure.</summary>
    public StageMemory Combine(StageMemory other) => new(
        Math.Max(PeakResidentBytes, other.PeakResidentBytes),
        PeakResidentBytes >= other.PeakResidentBytes ? PeakIsExact : other.PeakIsExact,
        Larger(DuckDbPeakBytes, other.DuckDbPeakBytes),
        Larger(DuckDbSpillPeakBytes, other.DuckDbSpillPeakBytes));

    private static long? Larger(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    public void WriteTo(System.Text.Json.Nodes.JsonObject metrics)
    {
        metrics[PeakRssMetric] = PeakResidentBytes;
        metrics[PeakRssExactMetric] = PeakIsExact;
        if (DuckDbPeakBytes is { } duckdb) metrics[DuckDbPeakMetric] = duckdb;
        if (DuckDbSpillPeakBytes is { } spill) metrics[DuckDbSpillPeakMetric] = spill;
    }
}
