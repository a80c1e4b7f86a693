using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace Hindsight.Runs;

/// <summary>Run tracking in the warehouse's <c>runs</c> and <c>run_stages</c> tables.</summary>
public sealed class WarehouseRunTracker(Warehouse.Warehouse warehouse, Guid runId, string version) : IRunTracker
{
    public Guid RunId { get; } = runId;

    public async Task StartRunAsync(string command, JsonObject options, CancellationToken cancellationToken)
    {
        // This process holds the database's write lock, so a run still marked running ended without finishing
        // (killed or crashed): say so, rather than show it running for ever.
        const string interrupted = "interrupted: the process ended before this finished (killed or crashed); the next run resumed its work";
        await warehouse.ExecuteAsync("UPDATE run_stages SET status = $failed, ended_at = now(), error = $error WHERE status = $running",
            cancellationToken, new DuckDBParameter("error", interrupted), Failed(), Running());
        await warehouse.ExecuteAsync("UPDATE runs SET status = $failed, ended_at = now(), error = $error WHERE status = $running",
            cancellationToken, new DuckDBParameter("error", interrupted), Failed(), Running());
        await warehouse.ExecuteAsync(
            "INSERT INTO runs (run_id, command, status, started_at, hindsight_version, options_json) VALUES ($id, $command, $running, now(), $version, $options)",
            cancellationToken, Running(),
            new DuckDBParameter("id", RunId), new DuckDBParameter("command", command),
            new DuckDBParameter("version", version), new DuckDBParameter("options", options.ToJsonString()));
    }

    public async Task StartStageAsync(int stage, string stageName, CancellationToken cancellationToken) =>
        await warehouse.ExecuteAsync(
            "INSERT INTO run_stages (run_id, stage, stage_name, status, started_at) VALUES ($id, $stage, $name, $running, now())",
            cancellationToken, Running(),
            new DuckDBParameter("id", RunId), new DuckDBParameter("stage", stage), new DuckDBParameter("name", stageName));

    public async Task FinishStageAsync(int stage, StageOutcome outcome, CancellationToken cancellationToken)
    {
        // Every stage, a skipped one too, is started first (Pipeline), so a missing row is a tracking error.
        int updated = await warehouse.ExecuteAsync(
            """
            UPDATE run_stages SET status = $status, ended_at = now(), items_in = $in, items_out = $out,
                items_failed = $failed, metrics_json = $metrics, error = $error
            WHERE run_id = $id AND stage = $stage
            """,
            cancellationToken, Parameters(stage, outcome));
        if (updated == 0)
        {
            throw new InvalidOperationException($"Run tracking: stage {stage} of run {RunId} was finished without being started.");
        }
    }

    public async Task FinishRunAsync(StageStatus status, string? error, CancellationToken cancellationToken)
    {
        int updated = await warehouse.ExecuteAsync(
            "UPDATE runs SET status = $status, ended_at = now(), error = $error WHERE run_id = $id",
            cancellationToken,
            new DuckDBParameter("status", status.ToName()), new DuckDBParameter("error", (object?)error ?? DBNull.Value), new DuckDBParameter("id", RunId));
        if (updated != 1) throw new InvalidOperationException($"Run tracking: run {RunId} is missing from the runs table.");
    }

    private DuckDBParameter[] Parameters(int stage, StageOutcome outcome) =>
    [
        new("status", outcome.Status.ToName()),
        new("in", outcome.ItemsIn),
        new("out", outcome.ItemsOut),
        new("failed", outcome.ItemsFailed),
        new("metrics", outcome.Metrics.ToJsonString()),
        new("error", (object?)outcome.Error ?? DBNull.Value),
        new("id", RunId),
        new("stage", stage),
    ];

    // Statuses are bound as their one stored name (StageStatusNames), never written into the SQL text.
    private static DuckDBParameter Running() => new("running", StageStatus.Running.ToName());
    private static DuckDBParameter Failed() => new("failed", StageStatus.Failed.ToName());
}
