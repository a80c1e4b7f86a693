using System.Globalization;
using Hindsight.Reports.Reconcile;
using Spectre.Console;

namespace Hindsight.Cli.Output;

/// <summary>`report reconcile` as a terminal table: a line per session and model, both sides' tokens and cost, the difference and why.</summary>
public sealed class ReconcileTableRenderer(IAnsiConsole console)
{
    public void Render(ReconcileReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Border(TableBorder.Rounded).ShowFooters()
            .Title("Hindsight beside Claude Code's own totals (cost-state), Δ = Claude Code − Hindsight");
        table.AddColumn(new TableColumn("Session").Footer(new Markup("[bold]Total[/]")));
        table.AddColumn(new TableColumn("Model").Footer(new Text("")));
        AddPair(table, "Tokens", report.HindsightTotal.Total, report.ClaudeCodeTotal.Total);
        AddPair(table, "Output", report.HindsightTotal.Output, report.ClaudeCodeTotal.Output);
        table.AddColumn(new TableColumn("Cost H / CC").RightAligned().Footer(new Text($"{Usd(report.HindsightTotal.Cost)} / {Usd(report.ClaudeCodeTotal.Cost)}")));
        table.AddColumn(new TableColumn("Why").Footer(new Text("")));

        foreach (var row in report.Rows)
        {
            var ours = row.Hindsight;
            var theirs = row.ClaudeCode;
            table.AddRow(
                new Text(row.SessionId.Length > 8 ? row.SessionId[..8] : row.SessionId),
                new Text(row.Model),
                new Text(Pair(ours?.Total, theirs?.Total)).RightJustified(),
                new Text(Delta(row.Difference.Total)).RightJustified(),
                new Text(Pair(ours?.Output, theirs?.Output)).RightJustified(),
                new Text(Delta(row.Difference.Output)).RightJustified(),
                new Text($"{Usd(ours?.Cost)} / {Usd(theirs?.Cost)}").RightJustified(),
                new Markup(Why(row)));
        }
        console.Write(table);
        if (report.Rows.Count == 0)
            console.MarkupLine("[dim]No session in range has a cost-state snapshot (Claude Code writes them from about 2.1.24x).[/]");
        if (report.SessionsWithoutSnapshot > 0)
            console.MarkupLine($"[dim]{report.SessionsWithoutSnapshot.ToString("N0", CultureInfo.InvariantCulture)} sessions in range have API calls but no cost-state snapshot, so nothing to compare with.[/]");
    }

    private static void AddPair(Table table, string heading, long ours, long theirs)
    {
        table.AddColumn(new TableColumn($"{heading} H / CC").RightAligned().Footer(new Text(Pair(ours, theirs)).RightJustified()));
        table.AddColumn(new TableColumn($"Δ {heading.ToLowerInvariant()}").RightAligned().Footer(new Text(Delta(theirs - ours)).RightJustified()));
    }

    private static string Why(ReconcileRow row)
    {
        var colour = row.Status == ReconcileReasons.Agrees ? "green" : row.Status == ReconcileReasons.Unexplained ? "red" : "yellow";
        return $"[{colour}]{Markup.Escape(row.Status)}[/]: {Markup.Escape(string.Join("; ", row.Explanations))}";
    }

    private static string Pair(long? ours, long? theirs) => $"{Count(ours)} / {Count(theirs)}";

    private static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "–";

    private static string Delta(long value) => value switch
    {
        0 => "0",
        > 0 => "+" + value.ToString("N0", CultureInfo.InvariantCulture),
        _ => value.ToString("N0", CultureInfo.InvariantCulture),
    };

    private static string Usd(double? cost) => cost is { } c ? "$" + c.ToString("0.0000", CultureInfo.InvariantCulture) : "–";
}
