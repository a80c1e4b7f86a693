using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hindsight.Runs;

namespace Hindsight.Stages.Stage;

/// <summary>
/// Stage 5: keeps the seed's staged table <c>claude_code_stage_4</c> current after correction (<see cref="StagedTableBuilder"/>),
/// restaging only the rows of files whose inputs changed. Incremental: skipped when nothing it is made from changed
/// since it last succeeded (<see cref="StagingSql.Inputs"/>).
/// </summary>
public sealed class StagingStage : IIncrementalStage
{
    public const int StageNumber = 5;

    public int Number => StageNumber;
    public string Name => "staging";

    public Task<string> InputSignatureAsync(StageInputs inputs, StageContext context, CancellationToken cancellationToken) =>
        inputs.SignatureAsync(StagingSql.Inputs, [Secrets.SecretRedactor.Version], cancellationToken);

    public async Task<StageOutcome> UnchangedAsync(StageContext context, CancellationToken cancellationToken)
    {
        long total = await StagedTableBuilder.CountAsync(context.RequireWarehouse(), cancellationToken);
        var unchanged = InputsUnchanged.Outcome(("staged_rows", total), ("staged_written", 0), ("staged_replaced_or_removed", 0));
        return unchanged with { ItemsOut = total };
    }

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.Warehouse is not { } warehouse)
            return StageOutcome.Skipped("dry run on a new database: nothing has been extracted yet");
        if (context.Options.DryRun)
        {
            long staged = await StagedTableBuilder.CountAsync(warehouse, cancellationToken);
            return new StageOutcome(StageStatus.Succeeded, 0, staged, 0, new JsonObject
            {
                ["staged_rows"] = staged,
                ["summary"] = $"dry run: nothing staged; {staged:N0} rows are staged now",
            });
        }
        var (inserted, removed, total) = await new StagedTableBuilder(warehouse).RunAsync(context.RunId, onlyChangedFiles: true, cancellationToken);
        return new StageOutcome(StageStatus.Succeeded, 0, total, 0, new JsonObject
        {
            ["staged_rows"] = total,
            ["staged_written"] = inserted,
            ["staged_replaced_or_removed"] = removed,
            ["summary"] = $"{total:N0} rows staged: {inserted:N0} written, {removed:N0} replaced or removed",
        });
    }

    /// <summary>
    /// Makes the next staging restage every file: the texts changed in a way its fingerprints do not see (the provider's
    /// key scrubbed from them by stage 4).
    /// </summary>
    public static async Task RestageEveryFileAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        using var transaction = warehouse.Session.BeginTransaction();
        await warehouse.ExecuteAsync(StagingSql.ForgetStagedFiles, cancellationToken);
        await warehouse.ExecuteAsync(StagingSql.ForgetFingerprint, cancellationToken, new DuckDBParameter("stage", StageNumber));
        transaction.Commit();
    }
}
