using System.CommandLine;
using System.Globalization;
using Hindsight.Cli.Output;
using Hindsight.Reports;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight drift`: record types, subtypes and top-level fields seen in the transcripts that Hindsight does not know,
/// with the Claude Code versions and the first and last dates they appeared, from the profiles stage 0 stored.
/// </summary>
public sealed class DriftCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    private readonly Option<string?> _project = new("--project")
    {
        Description = "Only this project (its folder name under projects/).",
        HelpName = "NAME",
    };

    public Command Create()
    {
        var command = new Command("drift",
            "Format drift: record types, subtypes and top-level fields in the transcripts that Hindsight does not know " +
            $"(checked against Claude Code {KnownFormat.CheckedAgainstVersion}), with the versions and dates they appeared. Reads what `hindsight discover` profiled.")
        {
            _project,
        };
        CommonOptions.AddTo(command, common.Reading);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        await using var warehouse = await reader.OpenAsync(result, cancellationToken, allowExternalAccess: false);
        if (warehouse is null) return reader.FailureExitCode;
        FormatDrift drift;
        try
        {
            drift = await FormatDriftQuery.ReadAsync(warehouse.Session, result.GetValue(_project), cancellationToken);
        }
        catch (Warehouse.WarehouseQueryException ex)
        {
            console.Error.WriteLine($"error: cannot read the file profiles: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (result.GetValue(common.Json))
        {
            console.Out.WriteLine(drift.ToJson().ToJsonString(JsonOutput.Indented));
            return ExitCodes.Success;
        }
        Render(drift);
        return ExitCodes.Success;
    }

    private void Render(FormatDrift drift)
    {
        var items = drift.Items;
        if (drift.FilesProfiled == 0)
        {
            console.Ansi.MarkupLine("[dim]No profiled transcript in this warehouse yet: run `hindsight discover` or `hindsight run` first.[/]");
            return;
        }
        if (items.Count == 0)
        {
            console.Ansi.MarkupLine($"No format drift: every record type, subtype and top-level field in {drift.FilesProfiled.ToString("N0", CultureInfo.InvariantCulture)} files is known (checked against Claude Code {KnownFormat.CheckedAgainstVersion}).");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"Unknown to Hindsight (checked against Claude Code {KnownFormat.CheckedAgainstVersion}), in {drift.FilesProfiled:N0} files"));
        table.AddColumn("Kind").AddColumn("Name").AddColumn(new TableColumn("Records").RightAligned()).AddColumn(new TableColumn("Files").RightAligned())
             .AddColumn("Versions").AddColumn("First seen (UTC)").AddColumn("Last seen (UTC)");
        foreach (var item in items)
        {
            table.AddRow(
                Markup.Escape(item.Kind.ToName().Replace('_', ' ')),
                Markup.Escape(item.Name),
                item.Records.ToString("N0", CultureInfo.InvariantCulture),
                item.Files.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(item.Versions.Count == 0 ? "–" : string.Join(", ", item.Versions)),
                Date(item.FirstSeen),
                Date(item.LastSeen));
        }
        console.Ansi.Write(table);
        if (drift.Dropped > 0)
            console.Ansi.MarkupLine($"[yellow]note:[/] {drift.Dropped:N0} more unknown names were counted but not listed (limits per file and per report).");
        console.Ansi.MarkupLine("[dim]Every such record and field is kept raw in records.raw; nothing was dropped.[/]");
    }

    private static string Date(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "–";
}
