namespace Hindsight.Stages.Clean;

/// <summary>
/// How much stage 2 reads at a time. A classification slice ends at a number of new records or at a number of bytes
/// of their lines, whichever comes first: records bound the narrow columns, bytes bound the block texts (a line's
/// blocks are at most its bytes, and a few thousand lines of one session may carry hundreds of megabytes). A file past
/// either bound is cut by lines (<see cref="LineParts"/>). A derivation slice ends at a number of records (a file is
/// derived whole: its duplicate marks and API calls read narrow columns, and its raw text is read a stored vector at a
/// time whatever the slice's size).
/// </summary>
/// <param name="ClassifyRecords">New records classified in one slice.</param>
/// <param name="DeriveRecords">Records of changed files derived in one slice.</param>
/// <param name="ClassifyBytes">Bytes of new lines classified in one slice.</param>
public sealed record CleaningSlices(long ClassifyRecords, long DeriveRecords, long ClassifyBytes)
{
    /// <summary>
    /// A few megabytes of narrow columns, and 64 MB of lines (stage 4's bound): the heavy corpus's 499 MB session (50 KB
    /// a line) is then classified in slices of about 1,300 lines instead of 4,000 (200 MB); no file of the seed corpus
    /// reaches it. Measured on the heavy corpus, stage 2 alone under 256 MB: classification took 8.1 s at 64 MB and
    /// without a byte bound, 9.5 s at 32 MB (74 slices instead of 59); the first slices' peak RSS was 226 MB without a
    /// bound, 148-175 MB at 32 MB. A slice's memory is in DuckDB's pool (its join and sort), which is what a cold run
    /// ran out of when stage 1 had left the pool full.
    /// </summary>
    public static CleaningSlices Default { get; } = new(ClassifyRecords: 4_000, DeriveRecords: 20_000, ClassifyBytes: 64L << 20);
}
