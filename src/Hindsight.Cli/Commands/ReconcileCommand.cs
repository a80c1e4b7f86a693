using System.CommandLine;
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

        var (report, exitCode) = await reader.ReadReportAsync(result, "the API calls and cost states",
            (session, token) => ReconcileQuery.ReadAsync(session, request, token), cancellationToken);
        if (report is null) return exitCode;

        if (result.GetValue(common.Json)) console.Out.WriteLine(ReconcileJson.ToJson(report));
        else new ReconcileTableRenderer(console.Ansi).Render(report);
        return ExitCodes.Success;
    }
}
