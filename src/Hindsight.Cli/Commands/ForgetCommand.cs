using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Search;
using Hindsight.Warehouse;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight forget DIR`: what the warehouse holds from one source folder, per table; with --yes, removes it all
/// in one transaction. A dry run by default, because removing is not undone.
/// </summary>
public sealed class ForgetCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    public Command Create()
    {
        var folder = new Argument<string>("dir") { Description = "The source folder whose rows to remove (as given to --source when it was ingested)." };
        var yes = new Option<bool>("--yes") { Description = "Remove the rows; without it, only show what would be removed." };
        var command = new Command("forget", "Remove every row that came from one source folder, across every table, in one transaction (dry run unless --yes).") { folder, yes };
        CommonOptions.AddTo(command, [common.Db, common.Json, common.Quiet, common.MemoryLimit, common.Wait]);
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = Path.GetFullPath(result.GetValue(folder)!);
            bool remove = result.GetValue(yes);
            var (warehouse, db, failure) = await new WritingWarehouse(common, console, environment).OpenAsync(result, "Pass --db.", cancellationToken);
            if (warehouse is null) return failure;
            IReadOnlyList<(string Table, long Rows)> counts;
            await using (warehouse)
            {
                counts = await new SourceForgetter(warehouse).ForgetAsync(dir, remove, cancellationToken);
                // The search index drops the forgotten files' documents now, not at the next run.
                var searchIndex = SearchIndexLocation.ForDatabase(db);
                if (remove && Directory.Exists(searchIndex))
                    await new SearchIndexUpkeep(warehouse, searchIndex).RunAsync(rebuild: false, cancellationToken);
            }

            // A view (the raw archive's lines) shows rows its tables hold: counted once, in the tables.
            long total = counts.Where(c => !SourceForgetter.Tables.Single(t => t.Name == c.Table).IsView).Sum(c => c.Rows);
            if (result.GetValue(common.Json))
            {
                var tables = new JsonObject();
                foreach (var (table, rows) in counts) tables[table] = rows;
                console.Out.WriteLine(new JsonObject
                {
                    ["source"] = dir,
                    ["database"] = db,
                    ["removed"] = remove && total > 0,
                    ["rows"] = total,
                    ["tables"] = tables,
                }.ToJsonString(JsonOutput.Indented));
                return ExitCodes.Success;
            }
            if (result.GetValue(common.Quiet)) return ExitCodes.Success;
            if (total == 0)
            {
                console.Out.WriteLine($"No rows in {db} come from {dir}: nothing to remove.");
                return ExitCodes.Success;
            }
            var view = new Table().Border(TableBorder.Rounded).AddColumn("table").AddColumn(new TableColumn(remove ? "rows removed" : "rows to remove").RightAligned());
            foreach (var (table, rows) in counts) view.AddRow(Markup.Escape(table), rows.ToString("N0", CultureInfo.InvariantCulture));
            console.Ansi.Write(view);
            console.Out.WriteLine(remove
                ? $"Removed {total:N0} rows from {dir} in one transaction; the next run recomputes what was derived from them."
                : $"Nothing removed yet. To remove these {total:N0} rows: hindsight forget {PipelineCommand.ShellQuote(dir)} --db {PipelineCommand.ShellQuote(db)} --yes");
            return ExitCodes.Success;
        });
        return command;
    }
}
