using System.CommandLine;
using DuckDB.NET.Data;
using Hindsight.Cli.Output;
using Hindsight.Reports;
using Hindsight.Reports.Reconcile;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight report reconcile`: Hindsight's computed usage beside Claude Code's cost-state snapshots, as a table or --json.</summary>
public sealed class ReconcileCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    public async Task<int> RunAsync(ParseResult result, ReportCommand.RequestParser parseFilters, CancellationToken cancellationToken)
    {
        if (!parseFilters(result, ReportView.Session, out var filters)) return ExitCodes.Usage;
        var request = new ReconcileRequest { TimeZone = filters.TimeZone, Since = filters.Since, Until = filters.Until, Project = filters.Project };

        await using var warehouse = await reader.OpenAsync(result, cancellationToken, allowExternalAccess: false);
        if (warehouse is null) return reader.FailureExitCode;
        ReconcileReport report;
        try
        {
            report = await ReconcileQuery.ReadAsync(warehouse.Connection, request, cancellationToken);
        }
        catch (ReportException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (DuckDBException ex)
        {
            console.Error.WriteLine($"error: cannot read the API calls and cost states: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (result.GetValue(common.Json)) console.Out.WriteLine(ReconcileJson.ToJson(report));
        else new ReconcileTableRenderer(console.Ansi).Render(report);
        return ExitCodes.Success;
    }
}
