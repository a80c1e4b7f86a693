using System.CommandLine;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hindsight.Checks;
using Hindsight.Cli.Output;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight check`: verifies the warehouse (DuckDB's blocks, counts and stored lines against the sources); exit 0 when everything holds, 1 with the list of what does not.</summary>
public sealed class CheckCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    public Command Create()
    {
        var command = new Command("check", "Verify the warehouse: read every table (DuckDB's block checksums), and compare each file's stored lines and counts with its source. Exit 0 when everything holds, 1 with a list of what does not.");
        // --max-line-bytes: a stored line is compared with the source as stage 1 would read it, at the same limit.
        CommonOptions.AddTo(command, [.. common.Reading, common.MaxLineBytes]);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var warehouse = await reader.OpenAsync(result, cancellationToken);
            if (warehouse is null) return reader.FailureExitCode;
            IntegrityReport report;
            try
            {
                report = await new WarehouseChecker(warehouse, result.GetValue(common.MaxLineBytes)).CheckAsync(cancellationToken);
            }
            catch (Warehouse.WarehouseQueryException ex)
            {
                console.Error.WriteLine($"error: the warehouse cannot be read: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Failure;
            }

            if (result.GetValue(common.Json))
            {
                console.Out.WriteLine(new JsonObject
                {
                    ["holds"] = report.Holds,
                    ["tables_read"] = report.TablesRead,
                    ["rows_read"] = report.RowsRead,
                    ["files_checked"] = report.FilesChecked,
                    ["lines_checked"] = report.LinesChecked,
                    ["problems"] = new JsonArray(report.Problems.Select(p => (JsonNode?)p).ToArray()),
                    ["notes"] = new JsonArray(report.Notes.Select(n => (JsonNode?)n).ToArray()),
                }.ToJsonString(JsonOutput.Indented));
            }
            else
            {
                foreach (var problem in report.Problems) console.Out.WriteLine($"problem: {TerminalText.Safe(problem)}");
                foreach (var note in report.Notes) console.Out.WriteLine($"note: {TerminalText.Safe(note)}");
                console.Out.WriteLine(report.Holds
                    ? $"ok: {report.TablesRead} tables read ({report.RowsRead:N0} rows), {report.FilesChecked:N0} files and {report.LinesChecked:N0} lines match their sources"
                    : $"{report.Problems.Count} problems: the warehouse does not hold what it should (see above)");
            }
            return report.Holds ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
