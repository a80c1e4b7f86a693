
namespace Hindsight.Tests.Reports;

public sealed class ReportUnpricedTests
{
    private const string Sonnet = "claude-sonnet-4-5-20250929";
    private const string Unknown = "claude-nonesuch-9";

    private static Task<string> SeedAsync(TempDirectory dir) => ReportWarehouse.CreateAsync(dir,
        new SeededCall("2025-06-01T10:00:00Z", Sonnet, 10, 10) { Cost = 0.25 },
        new SeededCall("2025-06-01T11:00:00Z", Unknown, 1000, 500) { Cost = null },
        new SeededCall("2025-06-02T11:00:00Z", Sonnet, 10, 10) { Cost = 0.25 });

    [Fact]
    public async Task An_unpriced_model_is_flagged_in_the_json_and_costs_nothing_rather_than_another_models_price()
    {
        using var dir = new TempDirectory();
        var db = await SeedAsync(dir);

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--json");

        var json = result.Json;
        var june1 = json["daily"]![0]!["modelBreakdowns"]!.AsArray();
        var unknown = june1.Single(b => b!["modelName"]!.GetValue<string>() == Unknown)!.AsObject();
        Assert.True(unknown["missingPricing"]!.GetValue<bool>());
        Assert.Equal(0.0, unknown["cost"]!.GetValue<double>());
        Assert.Equal(1000, unknown["inputTokens"]!.GetValue<long>());
        var sonnet = june1.Single(b => b!["modelName"]!.GetValue<string>() == Sonnet)!.AsObject();
        Assert.False(sonnet.ContainsKey("missingPricing"));
        Assert.Equal(0.25, json["daily"]![0]!["totalCost"]!.GetValue<double>());
        Assert.Equal([Unknown], json["totals"]!["unpricedModels"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains("\"cost\": 0.0,", result.Output);
    }

    [Fact]
    public async Task Totals_name_no_unpriced_models_when_the_filtered_range_has_none()
    {
        using var dir = new TempDirectory();
        var db = await SeedAsync(dir);

        var json = (await ReportWarehouse.ReportAsync(db, "daily", "--since", "2025-06-02", "--json")).Json;

        Assert.False(json["totals"]!.AsObject().ContainsKey("unpricedModels"));
    }

    [Fact]
    public async Task The_table_marks_the_unpriced_model_and_the_costs_it_leaves_incomplete()
    {
        using var dir = new TempDirectory();
        var db = await SeedAsync(dir);

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--breakdown");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        var june1 = lines.Single(l => l.Contains("2025-06-01"));
        Assert.Contains("*", june1);
        var june2 = lines.Single(l => l.Contains("2025-06-02"));
        Assert.DoesNotContain("*", june2);
        Assert.Contains(lines, l => l.Contains($"└ {Unknown} (unpriced)") && l.Contains("1,000"));
        Assert.Contains(lines, l => l.Contains("* unpriced:") && l.Contains(Unknown));
        var total = lines.Single(l => l.Contains("Total") && !l.Contains("Total tokens"));
        Assert.Contains("1,020", total);
        Assert.Contains("$0.50 *", total);
    }

    [Fact]
    public async Task The_table_lists_each_models_line_only_with_breakdown()
    {
        using var dir = new TempDirectory();
        var db = await SeedAsync(dir);

        var plain = await ReportWarehouse.ReportAsync(db, "daily");
        var detailed = await ReportWarehouse.ReportAsync(db, "daily", "--breakdown");

        Assert.DoesNotContain("└", plain.Output);
        Assert.Equal(3, detailed.Output.Split('\n').Count(l => l.Contains('└')));
        Assert.Contains("Token usage by day (dates in UTC)", plain.Output);
    }
}
