namespace Hindsight.Correction.Engine;

/// <summary>
/// The texts of one run by cache key, so that identical texts are sent once: in flight (with the targets waiting
/// for them), settled (the answer is in the cache; only a marker is kept, so memory stays small) or unsettled
/// (failed or skipped, with the reason). Thread-safe: the reader attaches while the writer resolves.
/// </summary>
internal sealed class RunLedger
{
    private static readonly Entry SettledEntry = new(LedgerAttachment.Settled, null, CorrectionStatus.Corrected, null);
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal bool IsInFlightOrUnsettled(string key)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) && entry.State is LedgerAttachment.Attached or LedgerAttachment.Unsettled;
        }
    }

    internal LedgerAttachment Attach(string key, WaitingTarget waiting, out CorrectionStatus unsettledStatus, out string? unsettledReason)
    {
        unsettledStatus = CorrectionStatus.Failed;
        unsettledReason = null;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = new Entry(LedgerAttachment.Attached, [waiting], CorrectionStatus.Failed, null);
                return LedgerAttachment.Created;
            }

            switch (entry.State)
            {
                case LedgerAttachment.Attached:
                    entry.Waiters!.Add(waiting);
                    return LedgerAttachment.Attached;
                case LedgerAttachment.Unsettled:
                    unsettledStatus = entry.Status;
                    unsettledReason = entry.Reason;
                    return LedgerAttachment.Unsettled;
                default:
                    return LedgerAttachment.Settled;
            }
        }
    }

    // A settled text that the cache no longer returns is planned again rather than lost.
    internal void Reopen(string key, WaitingTarget owner)
    {
        lock (_gate)
        {
            _entries[key] = new Entry(LedgerAttachment.Attached, [owner], CorrectionStatus.Failed, null);
        }
    }

    /// <summary>Ends the text's flight; returns every target that waited for it, its owner first.</summary>
    internal IReadOnlyList<WaitingTarget> Resolve(string key, CorrectionStatus status, string? reason)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.State != LedgerAttachment.Attached)
            {
                return [];
            }

            _entries[key] = status.IsSettled() ? SettledEntry : new Entry(LedgerAttachment.Unsettled, null, status, reason);
            return entry.Waiters!;
        }
    }

    private sealed record Entry(LedgerAttachment State, List<WaitingTarget>? Waiters, CorrectionStatus Status, string? Reason);
}
