namespace Hindsight.Correction.Engine;

/// <summary>What the ledger knew about a text when a target for it arrived.</summary>
internal enum LedgerAttachment
{
    /// <summary>First time in this run: the target owns the text and it must be planned.</summary>
    Created,
    /// <summary>The text is in flight: the target waits for its answer.</summary>
    Attached,
    /// <summary>The text was settled and stored in the cache earlier in this run.</summary>
    Settled,
    /// <summary>The text ended failed or skipped earlier in this run; it is not sent twice.</summary>
    Unsettled,
}
