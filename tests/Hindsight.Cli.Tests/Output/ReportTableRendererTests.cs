using Hindsight.Cli.Output;
using Hindsight.Reports;

namespace Hindsight.Cli.Tests.Output;

/// <summary>`hindsight report` as a table at a fixed width: columns, right-aligned numbers, footers, marks and wrapping.</summary>
public sealed class ReportTableRendererTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static UsageReportRow Day(string period, UsageTokens tokens, double cost, params ModelUsage[] models) => new()
    {
        Period = period,
        Tokens = tokens,
        TotalCost = cost,
        ModelsUsed = [.. models.Select(m => m.ModelName)],
        ModelBreakdowns = models,
        LastActivity = Noon,
    };

    private static UsageReport Daily(params UsageReportRow[] rows) => new()
    {
        Request = new UsageReportRequest { View = ReportView.Daily, Since = new DateOnly(2026, 1, 14) },
        Rows = rows,
        Totals = new UsageReportTotals(
            rows.Aggregate(UsageTokens.Zero, (sum, row) => sum + row.Tokens),
            rows.Sum(row => row.TotalCost),
            [.. rows.SelectMany(row => row.ModelBreakdowns).Where(m => m.MissingPricing).Select(m => m.ModelName).Distinct()]),
        UndatedCalls = 0,
    };

    private static UsageReport TwoDays() => Daily(
        Day("2026-01-14", new UsageTokens(1_200, 34_567, 1_000_000, 12_345_678), 12.3456,
            new ModelUsage("claude-sonnet-4-5-20250929", new UsageTokens(1_200, 34_567, 1_000_000, 12_345_678), 12.3456, false)),
        Day("2026-01-15", new UsageTokens(10, 20, 0, 0), 0.004,
            new ModelUsage("claude-opus-4-1-20250805", new UsageTokens(4, 8, 0, 0), 0.004, false),
            new ModelUsage("a-model-of-a-provider-no-price-table-knows-with-a-long-name", new UsageTokens(6, 12, 0, 0), 0, true)));

    private static string Render(UsageReport report, bool breakdown)
    {
        var console = RenderedOutput.Console();
        new ReportTableRenderer(console).Render(report, breakdown);
        return console.Output;
    }

    [Fact]
    public void A_daily_report_shows_a_line_a_day_its_models_and_the_totals_in_the_footer()
    {
        var rendered = Render(TwoDays(), breakdown: false);

        RenderedOutput.FitsWithoutAnsi(rendered);
        RenderedOutput.MatchesExpected(rendered, "report-daily.txt");
    }

    [Fact]
    public void With_breakdown_each_day_has_a_line_per_model_under_it()
    {
        var rendered = Render(TwoDays(), breakdown: true);

        RenderedOutput.FitsWithoutAnsi(rendered);
        RenderedOutput.MatchesExpected(rendered, "report-daily-breakdown.txt");
    }

    [Fact]
    public void Token_counts_and_costs_are_right_aligned_with_thousands_separators()
    {
        var lines = Render(TwoDays(), breakdown: false).Split('\n');

        var first = Assert.Single(lines, line => line.StartsWith("│ 2026-01-14", StringComparison.Ordinal));
        var second = Assert.Single(lines, line => line.StartsWith("│ 2026-01-15", StringComparison.Ordinal));
        // Right-aligned: each count ends where its column ends, on every line.
        Assert.Equal(CellEnd(first, "1,200"), CellEnd(second, "10"));
        Assert.Equal(CellEnd(first, "34,567"), CellEnd(second, "20"));
        Assert.Equal(CellEnd(first, "13,381,445"), CellEnd(second, "30"));
        Assert.Equal(CellEnd(first, "$12.35"), CellEnd(second, "<$0.01 *"));
        Assert.Contains("$12.35", first, StringComparison.Ordinal);
        Assert.Contains("<$0.01 *", second, StringComparison.Ordinal);
    }

    private static int CellEnd(string line, string cell)
    {
        var at = line.IndexOf(cell + " │", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no cell {cell} in {line}");
        return at + cell.Length;
    }

    [Fact]
    public void An_empty_range_draws_the_table_and_says_there_were_no_calls()
    {
        var rendered = Render(Daily(), breakdown: false);

        RenderedOutput.FitsWithoutAnsi(rendered);
        RenderedOutput.MatchesExpected(rendered, "report-daily-empty.txt");
    }
}
