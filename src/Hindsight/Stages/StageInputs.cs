using System.Globalization;
using DuckDB.NET.Data;

namespace Hindsight.Stages;

/// <summary>
/// A cheap fingerprint of what a derived stage reads, remembered in <c>stage_state</c> when the stage
/// finishes. When the fingerprint has not changed, the stage's output cannot have either, so a re-run on
/// unchanged input does not recompute it (the derived stages rebuild set-wide and would otherwise cost
/// seconds on every run).
/// </summary>
public sealed class StageInputs(Warehouse.Warehouse warehouse, int stage)
{
    /// <summary>
    /// Computes the fingerprint: the single row of each aggregate query, joined, plus any extra parts. The
    /// queries run as one statement (a cross join of one-row results): a re-run asks for several fingerprints,
    /// and each statement costs a round trip.
    /// </summary>
    public async Task<string> SignatureAsync(IReadOnlyList<string> aggregateQueries, IEnumerable<string> extra, CancellationToken cancellationToken)
    {
        var sql = "SELECT * FROM " + string.Join(", ", aggregateQueries.Select((query, i) => $"({query}) AS q{i}"));
        var parts = await warehouse.Session.ReadFirstAsync(sql,
            row => Enumerable.Range(0, row.ColumnCount).Select(i => row.Value(i) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture)! : "null").ToList(),
            cancellationToken) ?? throw new InvalidOperationException("a fingerprint query returned no row: each must be an aggregate");
        parts.AddRange(extra);
        return string.Join('|', parts);
    }

    public async Task<bool> UnchangedSinceLastRunAsync(string signature, CancellationToken cancellationToken) =>
        await warehouse.ScalarAsync("SELECT input_signature FROM stage_state WHERE stage = $stage", cancellationToken,
            new DuckDBParameter("stage", stage)) is string stored && stored == signature;

    public async Task RememberAsync(string signature, Guid runId, CancellationToken cancellationToken) =>
        await warehouse.ExecuteAsync("""
            INSERT INTO stage_state VALUES ($stage, $signature, $run, now())
            ON CONFLICT (stage) DO UPDATE SET input_signature = excluded.input_signature, run_id = excluded.run_id, updated_at = excluded.updated_at
            """, cancellationToken,
            new DuckDBParameter("stage", stage), new DuckDBParameter("signature", signature), new DuckDBParameter("run", runId));

    /// <summary>Forgets the fingerprint, so the next run recomputes (a stage that failed halfway).</summary>
    public async Task ForgetAsync(CancellationToken cancellationToken) =>
        await warehouse.ExecuteAsync("DELETE FROM stage_state WHERE stage = $stage", cancellationToken, new DuckDBParameter("stage", stage));
}
