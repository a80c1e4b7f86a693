using DuckDB.NET.Data;

namespace Hindsight.Stages.Identify;

/// <summary>
/// What stage 3 must identify again, and the slices it does it in. A file has changed when its message rows are not
/// those its entities were computed from (<c>identified_files</c>: their count and a hash of the columns a key or a
/// locator depends on, the ingestion run included, so a file read again counts as changed), when it has no rows any
/// more, or when the id length or the key rules changed. Every natural key starts with its session id, so the entities
/// of one session depend only on that session's rows, in whatever file they are: the sessions the changed files hold,
/// or held, are computed again whole, and every other entity is left as it is. Sessions are cut into slices of about
/// a given number of message rows (a session is never split), so each slice's statements work on a slice, not the
/// corpus. Rows without a session id in a changed file go with the first slice, where the gate names them.
/// </summary>
internal sealed class IdentifiedFiles(Warehouse.Warehouse warehouse)
{
    /// <summary>The changed files, with their signature now (null: no rows left).</summary>
    public const string ChangedFilesTable = "identity_changed_files";

    /// <summary>The sessions the changed files hold or held (null for rows without a session id).</summary>
    public const string SessionsTable = "identity_sessions";

    /// <summary>The current slice's sessions; a null row when the slice carries the rows without a session id.</summary>
    public const string SliceSessionsTable = "identity_slice_sessions";

    /// <summary>Bumped when the keys or what they are computed from change: every file is identified again.</summary>
    public const string RulesVersion = "1";

    /// <param name="First">The slice's first session id (null: only the rows without a session id).</param>
    /// <param name="Last">Its last session id.</param>
    /// <param name="WithoutSession">Whether the slice carries the changed files' rows without a session id.</param>
    public sealed record Slice(string? First, string? Last, bool WithoutSession);

    /// <summary>What a run has to identify: how many files changed, how many sessions they touch, and the slices.</summary>
    public sealed record Plan(long ChangedFiles, long Sessions, IReadOnlyList<Slice> Slices);

    public static string IdentifiedWith(int hexLength) =>
        $"{RulesVersion}|{hexLength.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Finds the changed files and the sessions they touch (both narrow temporary tables, per file and per session)
    /// and cuts the sessions into slices of about <paramref name="rowsPerSlice"/> message rows (<see cref="SessionSlicer"/>).
    /// </summary>
    public async Task<Plan> PlanAsync(int hexLength, long rowsPerSlice, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(IdentitySql.FindChangedFiles, cancellationToken, new DuckDBParameter("with", IdentifiedWith(hexLength)));
        await warehouse.ExecuteAsync(IdentitySql.FindSessions, cancellationToken);

        long changedFiles = Convert.ToInt64(await warehouse.ScalarAsync(IdentitySql.CountChangedFiles, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        var sessions = await warehouse.Session.ReadAsync(IdentitySql.SessionSizes,
            row => (row.GetStringOrNull("session_id"), row.GetInt64("message_rows")), cancellationToken);
        return new Plan(changedFiles, sessions.Count, SessionSlicer.Cut(sessions, rowsPerSlice));
    }

    /// <summary>Fills <see cref="SliceSessionsTable"/> with the slice's sessions.</summary>
    public async Task BeginSliceAsync(Slice slice, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(IdentitySql.FillSliceSessions, cancellationToken,
            new DuckDBParameter("first", slice.First), new DuckDBParameter("last", slice.Last), new DuckDBParameter("without_session", slice.WithoutSession));
    }

    /// <summary>Remembers what the changed files' entities were computed from, in the transaction that computed them.</summary>
    public async Task RememberAsync(int hexLength, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(IdentitySql.ForgetChangedFiles, cancellationToken);
        await warehouse.ExecuteAsync(IdentitySql.RememberChangedFiles, cancellationToken, new DuckDBParameter("with", IdentifiedWith(hexLength)));
    }

    public async Task DropAsync(CancellationToken cancellationToken) =>
        await warehouse.ExecuteAsync(IdentitySql.DropPlan, cancellationToken);
}
