namespace Hindsight.BigQueryStandIn;

/// <summary>
/// One injected fault: <see cref="Kind"/> is a BigQuery error reason given to the next load job(s) (backendError,
/// internalError, rateLimitExceeded: transient; quotaExceeded; invalid, notFound, accessDenied: terminal), or
/// <see cref="Slow"/> (the next jobs stay RUNNING for more polls), <see cref="DropUpload"/> (the next resumable chunk's
/// connection is dropped half read), <see cref="StallUpload"/> (the next resumable chunk is half read, then the stand-in
/// waits, holding the connection, for the client to go away: a client killed in the middle of an upload) or
/// <see cref="StallDone"/> (the next job loads, and the jobs.get that first says DONE is held back until the client goes
/// away: a client killed after its job ended but before it heard so). <see cref="Times"/>: how many jobs (or chunks) it hits; <see cref="Table"/>: only
/// loads into this table (its name before any partition decorator), or any.
/// </summary>
public sealed record Fault(string Kind, int Times = 1, string? Table = null, int Polls = 5)
{
    public const string Slow = "slow";
    public const string DropUpload = "drop-upload";
    public const string StallUpload = "stall-upload";
    public const string StallDone = "stall-done";

    /// <summary>Faults that hit a resumable upload's chunk rather than a job.</summary>
    public bool HitsChunk => Kind is DropUpload or StallUpload;

    /// <summary>The reasons a stand-in job fails with, and the message BigQuery gives for each.</summary>
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["backendError"] = "Error encountered during execution. Retrying may solve the problem.",
        ["internalError"] = "An internal error occurred and the request could not be completed.",
        ["rateLimitExceeded"] = "Exceeded rate limits: too many table update operations for this table.",
        ["quotaExceeded"] = "Quota exceeded: Your table exceeded quota for imports or query appends per table.",
        ["invalid"] = "Error while reading data, error message: Parquet file is invalid (injected by the stand-in).",
        ["notFound"] = "Not found: Dataset (injected by the stand-in).",
        ["accessDenied"] = "Access Denied: Table: The user does not have bigquery.tables.updateData permission (injected by the stand-in).",
    };

    /// <summary>Parses KIND[:TIMES[:TABLE]] as the --fault flag takes it.</summary>
    public static Fault Parse(string text)
    {
        var parts = text.Split(':');
        var kind = parts[0];
        if (kind is not (Slow or DropUpload or StallUpload or StallDone) && !Reasons.ContainsKey(kind))
            throw new FormatException($"unknown fault '{kind}'; one of {Slow}, {DropUpload}, {StallUpload}, {StallDone}, {string.Join(", ", Reasons.Keys)}");
        int times = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        return new Fault(kind, times, parts.Length > 2 ? parts[2] : null);
    }
}
