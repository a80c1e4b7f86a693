using System.Globalization;
using Hindsight.Reports;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hindsight.Cli.Output;

/// <summary>
/// A usage report as a terminal table: one line per period with its tokens by kind and cost, optionally a line per
/// model under it, and the totals in the footer. An unpriced model is marked, and the cost of a row that contains one
/// is marked too: its cost is a lower bound, never a price borrowed from another model.
/// </summary>
public sealed class ReportTableRenderer(IAnsiConsole console)
{
    private const string UnpricedMark = "*";

    public void Render(UsageReport report, bool breakdown)
    {
        ArgumentNullException.ThrowIfNull(report);
        bool showModels = report.View != ReportView.Model;
        bool showLastActivity = report.View == ReportView.Session;
        var totals = report.Totals;
        bool anyUnpriced = totals.UnpricedModels.Count > 0;

        var table = new Table().Border(TableBorder.Rounded).ShowFooters()
            .Title(TerminalText.Markup($"Token usage by {Noun(report.View)} ({Zone(report.Request)})"));
        table.AddColumn(new TableColumn(Heading(report.View)).Footer(new Markup("[bold]Total[/]")));
        if (showModels) table.AddColumn(new TableColumn("Models").Footer(new Text("")));
        table.AddColumn(Numeric("Input", totals.Tokens.Input));
        table.AddColumn(Numeric("Output", totals.Tokens.Output));
        table.AddColumn(Numeric("Cache create", totals.Tokens.CacheCreation));
        table.AddColumn(Numeric("Cache read", totals.Tokens.CacheRead));
        table.AddColumn(Numeric("Total tokens", totals.Tokens.Total));
        table.AddColumn(new TableColumn("Cost (USD)").RightAligned().Footer(new Markup($"[bold]{CostMarkup(totals.TotalCost, anyUnpriced)}[/]")));
        if (showLastActivity) table.AddColumn(new TableColumn("Last activity (UTC)").Footer(new Text("")));

        foreach (var row in report.Rows)
        {
            var cells = new List<IRenderable> { new Text(row.Period) };
            // With --breakdown the model lines below name the models; listing them here too would only repeat them.
            bool listModels = showModels && !breakdown;
            if (showModels) cells.Add(listModels ? new Markup(string.Join("\n", row.ModelsUsed.Select(name => ModelMarkup(name, IsUnpriced(row, name))))) : new Text(""));
            cells.AddRange(TokenCells(row.Tokens, dim: false));
            cells.Add(new Markup(CostMarkup(row.TotalCost, row.HasUnpricedModels)));
            if (showLastActivity) cells.Add(new Text(row.LastActivity.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            table.AddRow(cells);
            if (breakdown && report.View != ReportView.Model) AddBreakdownRows(table, row, showLastActivity);
        }
        console.Write(table);

        if (anyUnpriced)
        {
            console.MarkupLine($"[yellow]{UnpricedMark} unpriced:[/] {TerminalText.Markup(string.Join(", ", totals.UnpricedModels))} " +
                               "[dim](no price in the price table; their tokens count, their cost is left out and not guessed from another model)[/]");
        }
        if (report.Rows.Count == 0) console.MarkupLine("[dim]No API calls in this range.[/]");
        foreach (var warning in report.Warnings.Messages)
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
    }

    private static void AddBreakdownRows(Table table, UsageReportRow row, bool showLastActivity)
    {
        var attributed = UsageTokens.Zero;
        foreach (var model in row.ModelBreakdowns)
        {
            attributed += model.Tokens;
            AddModelRow(table, ModelMarkup(model.ModelName, model.MissingPricing), model.Tokens, CostMarkup(model.Cost, model.MissingPricing), showLastActivity);
        }
        // Tokens of calls without a model name count in the row (as in ccusage) but in no model; show them so the lines add up.
        var unattributed = new UsageTokens(
            row.Tokens.Input - attributed.Input, row.Tokens.Output - attributed.Output,
            row.Tokens.CacheCreation - attributed.CacheCreation, row.Tokens.CacheRead - attributed.CacheRead);
        if (unattributed.Total != 0)
            AddModelRow(table, "[dim](no model)[/]", unattributed, "", showLastActivity);
    }

    private static void AddModelRow(Table table, string modelMarkup, UsageTokens tokens, string costMarkup, bool showLastActivity)
    {
        var cells = new List<IRenderable> { new Text(""), new Markup($"[dim]└[/] {modelMarkup}") };
        cells.AddRange(TokenCells(tokens, dim: true));
        cells.Add(new Markup($"[dim]{costMarkup}[/]"));
        if (showLastActivity) cells.Add(new Text(""));
        table.AddRow(cells);
    }

    private static IEnumerable<IRenderable> TokenCells(UsageTokens tokens, bool dim)
    {
        long[] values = [tokens.Input, tokens.Output, tokens.CacheCreation, tokens.CacheRead, tokens.Total];
        return values.Select(v => (IRenderable)new Markup(dim ? $"[dim]{Count(v)}[/]" : Count(v)).RightJustified());
    }

    private static TableColumn Numeric(string heading, long total) =>
        new TableColumn(heading).RightAligned().Footer(new Markup($"[bold]{Count(total)}[/]").RightJustified());

    private static bool IsUnpriced(UsageReportRow row, string name) =>
        row.ModelBreakdowns.Any(m => m.MissingPricing && string.Equals(m.ModelName, name, StringComparison.Ordinal));

    private static string ModelMarkup(string name, bool unpriced) =>
        unpriced ? $"{TerminalText.Markup(name)} [yellow](unpriced)[/]" : TerminalText.Markup(name);

    private static string CostMarkup(double cost, bool unpriced)
    {
        var text = cost switch
        {
            0 => "$0.00",
            < 0.01 => "<$0.01",
            _ => "$" + cost.ToString("N2", CultureInfo.InvariantCulture),
        };
        return unpriced ? $"{TerminalText.Markup(text)}[yellow] {UnpricedMark}[/]" : TerminalText.Markup(text);
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Heading(ReportView view) => view switch
    {
        ReportView.Daily => "Date",
        ReportView.Weekly => "Week (from Monday)",
        ReportView.Monthly => "Month",
        ReportView.Session => "Session",
        ReportView.Project => "Project",
        _ => "Model",
    };

    private static string Noun(ReportView view) => view switch
    {
        ReportView.Daily => "day",
        ReportView.Weekly => "week",
        ReportView.Monthly => "month",
        ReportView.Session => "session",
        ReportView.Project => "project",
        _ => "model",
    };

    private static string Zone(UsageReportRequest request)
    {
        var parts = new List<string> { $"dates in {request.TimeZone.Id}" };
        if (request.Since is { } since) parts.Add($"from {since:yyyy-MM-dd}");
        if (request.Until is { } until) parts.Add($"to {until:yyyy-MM-dd}");
        if (request.Project is { } project) parts.Add($"project {project}");
        return string.Join(", ", parts);
    }
}
