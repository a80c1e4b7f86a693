using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Destinations;
using Hindsight.Destinations.Parquet;
using Hindsight.Warehouse;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight export parquet --out DIR`: the warehouse's tables as ZSTD Parquet, Hive-partitioned by UTC event day,
/// rewriting only the partitions whose rows changed since the last export into the same folder.
/// </summary>
public sealed class ExportCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    public Command Create()
    {
        var command = new Command("export", "Write the warehouse's tables to files other engines read.");
        CommonOptions.AddTo(command, [common.Db, common.Json, common.Quiet, common.MemoryLimit, common.Wait]);
        command.Subcommands.Add(CreateParquet());
        return command;
    }

    private Command CreateParquet()
    {
        var outDir = new Option<string>("--out") { Description = "The folder to write into (created if missing); later exports into it write only what changed.", Required = true, HelpName = "DIR" };
        var tables = new Option<string[]>("--table")
        {
            Description = $"A table to export (repeatable): {string.Join(", ", DestinationTables.Names)}. Default: all but the raw archive (records, content_blocks).",
            HelpName = "T",
            AllowMultipleArgumentsPerToken = false,
        };
        var includeRaw = new Option<bool>("--include-raw") { Description = "Also export the raw archive (records, content_blocks) when no --table is given." };
        var command = new Command("parquet", "Each table as ZSTD Parquet, Hive-partitioned by UTC day (OUT/<table>/dt=YYYY-MM-DD/); only days whose rows changed are rewritten.") { outDir, tables, includeRaw };
        command.SetAction(async (result, cancellationToken) =>
        {
            var selected = DestinationTables.Select(result.GetValue(tables) ?? [], result.GetValue(includeRaw), out var unknown);
            if (selected is null)
            {
                console.Error.WriteLine($"error: --table {TerminalText.Safe(unknown!)} is not a table export knows; one of: {string.Join(", ", DestinationTables.Names)}.");
                return ExitCodes.Usage;
            }
            var (warehouse, _, failure) = await new WritingWarehouse(common, console, environment).OpenAsync(result, "Run `hindsight run` first, or pass --db.", cancellationToken);
            if (warehouse is null) return failure;
            ParquetExportResult export;
            await using (warehouse)
            {
                try
                {
                    export = await new ParquetExporter(warehouse).ExportAsync(result.GetValue(outDir)!, selected, cancellationToken);
                }
                catch (Exception ex) when (ex is WarehouseQueryException or IOException or UnauthorizedAccessException)
                {
                    console.Error.WriteLine($"error: export stopped: {TerminalText.Safe(ex.Message)}. Partitions already renamed into place are complete; the next export writes the rest.");
                    return ExitCodes.Failure;
                }
            }
            Render(export, result.GetValue(common.Json), result.GetValue(common.Quiet));
            return ExitCodes.Success;
        });
        return command;
    }

    private void Render(ParquetExportResult export, bool json, bool quiet)
    {
        if (json)
        {
            var tables = new JsonObject();
            foreach (var table in export.Tables)
                tables[table.Table] = new JsonObject
                {
                    ["partitioned"] = table.Partitioned,
                    ["partitions"] = table.Partitions,
                    ["written"] = new JsonArray(table.WrittenPartitions.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
                    ["unchanged"] = table.Unchanged,
                    ["removed"] = table.RemovedPartitions,
                    ["rows"] = table.Rows,
                    ["rows_written"] = table.RowsWritten,
                };
            console.Out.WriteLine(new JsonObject
            {
                ["out"] = export.OutDir,
                ["partitions_written"] = export.PartitionsWritten,
                ["rows_written"] = export.RowsWritten,
                ["tables"] = tables,
            }.ToJsonString(JsonOutput.Indented));
            return;
        }
        if (quiet) return;
        var view = new Table().Border(TableBorder.Rounded).AddColumn("table")
            .AddColumn(new TableColumn("partitions").RightAligned()).AddColumn(new TableColumn("written").RightAligned())
            .AddColumn(new TableColumn("unchanged").RightAligned()).AddColumn(new TableColumn("removed").RightAligned())
            .AddColumn(new TableColumn("rows written").RightAligned());
        foreach (var t in export.Tables)
            view.AddRow(Markup.Escape(t.Table), N(t.Partitions), N(t.WrittenPartitions.Count), N(t.Unchanged), N(t.RemovedPartitions), N(t.RowsWritten));
        console.Ansi.Write(view);
        console.Out.WriteLine(export.PartitionsWritten == 0
            ? $"Nothing changed since the last export into {export.OutDir}: nothing written."
            : $"Wrote {export.PartitionsWritten:N0} partitions ({export.RowsWritten:N0} rows) into {export.OutDir} (read each table's <table>/**/*.parquet with Hive partitioning: dt is the UTC day).");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
