using System.Text.Json;
using System.Text.Json.Nodes;
using Hindsight.Pricing;

namespace Hindsight.Tests.Reports;

public sealed class ReportJsonShapeTests
{
    private const string Sonnet = "claude-sonnet-4-5-20250929";
    private const string Haiku = "claude-haiku-4-5-20251001";

    private static readonly string[] RowKeys =
        ["agent", "cacheCreationTokens", "cacheReadTokens", "inputTokens", "metadata", "modelBreakdowns", "modelsUsed", "outputTokens", "period", "totalCost", "totalTokens"];
    private static readonly string[] BreakdownKeys = ["cacheCreationTokens", "cacheReadTokens", "cost", "inputTokens", "modelName", "outputTokens"];
    private static readonly string[] TotalsKeys = ["cacheCreationTokens", "cacheReadTokens", "inputTokens", "outputTokens", "totalCost", "totalTokens"];

    private static List<string> Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToList();

    [Fact]
    public async Task Daily_json_has_exactly_ccusages_keys_in_alphabetical_order()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T10:00:00Z", Sonnet, 10, 20, 300, 4000) { Cost = 0.02 },
            new SeededCall("2025-06-01T11:00:00Z", Haiku, 1, 2, 3, 4) { Cost = 0.001 });

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        Assert.Equal(["daily", "totals"], Keys(doc.RootElement));
        var row = doc.RootElement.GetProperty("daily")[0];
        Assert.Equal(RowKeys, Keys(row));
        Assert.Equal("all", row.GetProperty("agent").GetString());
        Assert.Equal(["agents"], Keys(row.GetProperty("metadata")));
        Assert.Equal(["claude"], row.GetProperty("metadata").GetProperty("agents").EnumerateArray().Select(a => a.GetString()));
        foreach (var breakdown in row.GetProperty("modelBreakdowns").EnumerateArray())
            Assert.Equal(BreakdownKeys, Keys(breakdown));
        Assert.Equal(TotalsKeys, Keys(doc.RootElement.GetProperty("totals")));
        Assert.Equal("2025-06-01", row.GetProperty("period").GetString());
        Assert.Equal(11 + 22 + 303 + 4004, row.GetProperty("totalTokens").GetInt64());
        Assert.Equal(0.02 + 0.001, row.GetProperty("totalCost").GetDouble(), 12);
    }

    [Fact]
    public async Task Breakdowns_are_ordered_by_cost_and_models_used_by_name()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T10:00:00Z", Haiku, 1, 1) { Cost = 0.001 },
            new SeededCall("2025-06-01T11:00:00Z", Sonnet, 1, 1) { Cost = 0.5 },
            new SeededCall("2025-06-01T12:00:00Z", Haiku, 1, 1) { Cost = 0.001 });

        var row = (await ReportWarehouse.ReportAsync(db, "daily", "--json")).Json["daily"]![0]!;

        Assert.Equal([Sonnet, Haiku], row["modelBreakdowns"]!.AsArray().Select(b => b!["modelName"]!.GetValue<string>()));
        Assert.Equal([Haiku, Sonnet], row["modelsUsed"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(0.002, row["modelBreakdowns"]![1]!["cost"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task Rows_follow_the_date_and_a_day_without_tokens_is_not_printed()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-03T10:00:00Z", Sonnet, 5, 5),
            new SeededCall("2025-06-01T10:00:00Z", Sonnet, 5, 5),
            new SeededCall("2025-06-02T10:00:00Z", Sonnet, 0, 0) { Cost = 0 },
            new SeededCall("2025-06-03T11:00:00Z", Haiku, 0, 0) { Cost = 0 });

        var daily = (await ReportWarehouse.ReportAsync(db, "daily", "--json")).Json["daily"]!.AsArray();

        Assert.Equal(["2025-06-01", "2025-06-03"], daily.Select(d => d!["period"]!.GetValue<string>()));
        // A zero-usage model on a day with tokens is still listed, with an all-zero breakdown (as ccusage does).
        var june3 = daily[1]!;
        Assert.Equal([Haiku, Sonnet], june3["modelsUsed"]!.AsArray().Select(m => m!.GetValue<string>()));
        var haiku = june3["modelBreakdowns"]!.AsArray().Single(b => b!["modelName"]!.GetValue<string>() == Haiku)!;
        Assert.Equal(0, haiku["inputTokens"]!.GetValue<long>() + haiku["outputTokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_call_without_a_model_counts_in_the_row_but_in_no_breakdown()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T10:00:00Z", Sonnet, 5, 5),
            new SeededCall("2025-06-01T10:05:00Z", null, 7, 3) { Cost = 0 });

        var row = (await ReportWarehouse.ReportAsync(db, "daily", "--json")).Json["daily"]![0]!;

        Assert.Equal(12, row["inputTokens"]!.GetValue<long>());
        Assert.Equal(5, row["modelBreakdowns"]!.AsArray().Sum(b => b!["inputTokens"]!.GetValue<long>()));
        Assert.Equal([Sonnet], row["modelsUsed"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task Fast_mode_calls_are_reported_as_a_model_of_their_own()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T10:00:00Z", "claude-opus-4-6", 5, 5),
            new SeededCall("2025-06-01T10:05:00Z", "claude-opus-4-6", 5, 5) { Speed = "fast" },
            new SeededCall("2025-06-01T10:06:00Z", "claude-opus-4-6", 5, 5) { Speed = "standard" });

        var row = (await ReportWarehouse.ReportAsync(db, "daily", "--json")).Json["daily"]![0]!;

        Assert.Equal(["claude-opus-4-6", "claude-opus-4-6-fast"], row["modelsUsed"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task Session_rows_are_ordered_by_cost_and_carry_their_last_activity()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T10:00:00.125Z", Sonnet, 5, 5) { Session = "cheap", Cost = 0.01 },
            new SeededCall("2025-06-02T09:00:00Z", Sonnet, 5, 5) { Session = "dear", Cost = 0.5 },
            new SeededCall("2025-06-02T08:00:00Z", Haiku, 5, 5) { Session = "dear", Cost = 0.2 },
            new SeededCall("2025-06-01T09:00:00Z", Haiku, 5, 5) { Session = "cheap", Cost = 0.01 });

        var result = await ReportWarehouse.ReportAsync(db, "session", "--json");

        using var doc = JsonDocument.Parse(result.Output);
        Assert.Equal(["session", "totals"], Keys(doc.RootElement));
        var rows = doc.RootElement.GetProperty("session").EnumerateArray().ToList();
        Assert.Equal(["dear", "cheap"], rows.Select(r => r.GetProperty("period").GetString()));
        Assert.All(rows, r => Assert.Equal(RowKeys, Keys(r)));
        Assert.All(rows, r => Assert.Equal("claude", r.GetProperty("agent").GetString()));
        Assert.Equal(["lastActivity"], Keys(rows[1].GetProperty("metadata")));
        Assert.Equal("2025-06-01T10:00:00.125Z", rows[1].GetProperty("metadata").GetProperty("lastActivity").GetString());
        // The session view keeps ccusage's order of first appearance rather than sorting by name.
        Assert.Equal([Sonnet, Haiku], rows[0].GetProperty("modelsUsed").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task Weekly_monthly_project_and_model_views_use_the_same_row_shape_under_their_own_key()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir,
            new SeededCall("2025-06-01T10:00:00Z", Sonnet, 5, 5) { Project = "-home-ana-shop", Cost = 0.3 },
            new SeededCall("2025-06-01T11:00:00Z", Haiku, 5, 5) { Project = "-home-ana-api", Cost = 0.1 });

        foreach (var (view, periods) in new[]
                 {
                     ("weekly", new[] { "2025-05-26" }),
                     ("monthly", new[] { "2025-06" }),
                     ("project", new[] { "-home-ana-shop", "-home-ana-api" }),
                     ("model", new[] { Sonnet, Haiku }),
                 })
        {
            var result = await ReportWarehouse.ReportAsync(db, view, "--json");
            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Output);
            Assert.Equal(new[] { view, "totals" }.Order(StringComparer.Ordinal), Keys(doc.RootElement));
            var rows = doc.RootElement.GetProperty(view).EnumerateArray().ToList();
            Assert.Equal(periods, rows.Select(r => r.GetProperty("period").GetString()));
            Assert.All(rows, r => Assert.Equal(RowKeys, Keys(r)));
            Assert.All(rows, r => Assert.Equal("all", r.GetProperty("agent").GetString()));
        }
    }

    [Fact]
    public async Task An_empty_warehouse_gives_no_rows_and_zero_totals()
    {
        using var dir = new TempDirectory();
        var db = await ReportWarehouse.CreateAsync(dir);

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json.AsObject();
        Assert.Empty(json["daily"]!.AsArray());
        Assert.All(TotalsKeys, key => Assert.Equal(0, json["totals"]![key]!.GetValue<double>()));
        Assert.Contains("\"totalCost\": 0,", result.Output);
    }

    [Fact]
    public async Task A_transcript_written_by_hand_comes_out_of_the_pipeline_in_ccusages_shape()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-home-ana-shop/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "list the files"),
            TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.ToolUse("toolu_1", "Bash"), output: 12),
            TranscriptLines.User("u2", "thanks"),
            TranscriptLines.Assistant("a2", "msg_2", "req_2", TranscriptLines.Text("done"), output: 30)));
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet");
        Assert.True(run.ExitCode == 0, run.ToString());

        var result = await ReportWarehouse.ReportAsync(db, "daily", "--json");

        using var doc = JsonDocument.Parse(result.Output);
        var row = doc.RootElement.GetProperty("daily").EnumerateArray().Single();
        Assert.Equal(RowKeys, Keys(row));
        Assert.Equal("2026-02-03", row.GetProperty("period").GetString());
        // TranscriptLines.Assistant writes input 5, cache writes 100, cache reads 2000 on every call.
        Assert.Equal(2 * 5, row.GetProperty("inputTokens").GetInt64());
        Assert.Equal(12 + 30, row.GetProperty("outputTokens").GetInt64());
        Assert.Equal(2 * 100, row.GetProperty("cacheCreationTokens").GetInt64());
        Assert.Equal(2 * 2000, row.GetProperty("cacheReadTokens").GetInt64());
        var breakdown = row.GetProperty("modelBreakdowns").EnumerateArray().Single();
        Assert.Equal(BreakdownKeys, Keys(breakdown));
        var calculator = new CostCalculator(PriceTable.LoadDefault());
        double expected = calculator.Estimate(Sonnet, new TokenUsage { Input = 5, Output = 12, CacheCreationUnsplit = 100, CacheRead = 2000 }).Usd!.Value
                          + calculator.Estimate(Sonnet, new TokenUsage { Input = 5, Output = 30, CacheCreationUnsplit = 100, CacheRead = 2000 }).Usd!.Value;
        Assert.Equal(expected, breakdown.GetProperty("cost").GetDouble(), 12);
        Assert.Equal(TotalsKeys, Keys(doc.RootElement.GetProperty("totals")));
    }
}
