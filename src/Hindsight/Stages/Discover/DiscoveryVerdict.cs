using DuckDB.NET.Data;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Discovery's decision as the next run acts on it: kept in <c>discovery_verdict</c> (migration 18) by the discovery
/// that last profiled the inventory, so that a run over an unchanged inventory halts (or is forced past a NO-GO) as
/// that discovery did, without reading its metrics back.
/// </summary>
/// <param name="Decision">GO, CAUTION or NO-GO.</param>
/// <param name="Text">The verdict as said to the user (the halt reason of a NO-GO).</param>
/// <param name="Records">Records the inventory held; null where an old warehouse's metrics did not say.</param>
/// <param name="Warnings">The stage's warnings as that run gave them (a forced run's own warning included).</param>
public sealed record DiscoveryVerdict(GoNoGoVerdict Decision, string Text, long? Records, IReadOnlyList<string> Warnings)
{
    /// <summary>The one row, read on its own: the warnings are unnested so each comes back as a plain string.</summary>
    private const string ReadSql = "SELECT decision, verdict_text, records FROM discovery_verdict";

    private const string ReadWarningsSql = "SELECT unnest(warnings) AS warning FROM discovery_verdict";

    /// <summary>The table holds one row: the last decision replaces it.</summary>
    private const string ClearSql = "DELETE FROM discovery_verdict";

    private const string InsertSql = "INSERT INTO discovery_verdict VALUES ($decision, $text, $records, $warnings)";

    public bool Halts => Decision == GoNoGoVerdict.NoGo;

    /// <summary>What a NO-GO does to the run: halts it, or with --force lets it go on with a warning.</summary>
    public static VerdictConsequence ConsequenceOf(bool halts, string text, bool force) =>
        !halts ? VerdictConsequence.None
        : !force ? new VerdictConsequence(text, null)
        : new VerdictConsequence(null, $"forced past {text} (--force): every readable line is ingested");

    public static async Task<DiscoveryVerdict?> LoadAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        var verdict = await warehouse.Session.ReadFirstAsync(ReadSql,
            row => new DiscoveryVerdict(GoNoGoVerdictNames.Parse(row.GetString("decision")), row.GetString("verdict_text"), row.GetInt64OrNull("records"), []),
            cancellationToken);
        if (verdict is null) return null;
        var warnings = await warehouse.Session.ReadAsync(ReadWarningsSql, row => row.GetString("warning"), cancellationToken);
        return verdict with { Warnings = warnings };
    }

    public async Task SaveAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        using var transaction = warehouse.Session.BeginTransaction();
        await warehouse.ExecuteAsync(ClearSql, cancellationToken);
        await warehouse.ExecuteAsync(InsertSql, cancellationToken,
            new DuckDBParameter("decision", Decision.ToName()), new DuckDBParameter("text", Text),
            new DuckDBParameter("records", (object?)Records ?? DBNull.Value), new DuckDBParameter("warnings", Warnings.ToList()));
        transaction.Commit();
    }
}
