using System.Text;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Providers that answer, but nothing usable or nothing sane, as small servers on 127.0.0.1: a login page served
/// with 200, JSON that never fits the batch protocol (the breaker opens, exit 1, after a bounded number of calls),
/// and token counts that are negative, absurd or not numbers (never believed, never a negative cost).
/// Hostile bodies (gzip bomb, endless, 100 MB) are in <see cref="HostileResponseSizeTests"/>.
/// </summary>
public sealed class HostileProviderTests
{
    internal const string Key = "hostile-provider-key-5e7a";

    /// <summary>The breaker's 10 failures in a row, plus the calls already in flight at the initial concurrency of 5, and their split halves.</summary>
    internal const int MostCallsBeforeTheBreakerStops = 40;

    internal static async Task<CliResult> RunAsync(GeneratedCorpus corpus, string db, Uri baseUrl) =>
        await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["GEMINI_API_KEY"] = Key },
            "run", "--source", corpus.Projects, "--db", db, "--quiet", "--json", "--provider", "gemini", "--base-url", baseUrl.ToString(), "--timeout", "10");

    internal static async Task<long> EligibleAsync(string db) => await WarehouseProbe.ScalarAsync<long>(db, """
        SELECT count(*) FROM messages m JOIN entities e ON e.level = 5 AND e.file_id = m.file_id AND e.line_no = m.line_no
        WHERE m.kind IN ('human_prompt', 'slash_command', 'steering') AND NOT m.is_duplicate AND m.text <> '' AND m.confidence IN ('high', 'medium')
        """);

    /// <summary>Stage 4 failed with a message naming <paramref name="cause"/>; every prompt is failed and keeps its text everywhere.</summary>
    internal static async Task AssertStoppedWithEveryPromptFailedAsync(CliResult result, string db, string cause)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var stage = result.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 4)!;
        Assert.Equal("failed", stage["status"]!.GetValue<string>());
        var error = stage["error"]!.GetValue<string>();
        Assert.Contains("the provider kept failing", error, StringComparison.Ordinal);
        Assert.Contains(cause, error, StringComparison.Ordinal);
        Assert.All(result.Json["stages"]!.AsArray().Where(s => s!["stage"]!.GetValue<int>() < 4), s => Assert.Equal("succeeded", s!["status"]!.GetValue<string>()));

        var eligible = await EligibleAsync(db);
        Assert.True(eligible > 10);
        var rows = await WarehouseProbe.RowsAsync(db, """
            SELECT c.status, c.reason, c.original_text = c.corrected_text, c.original_text = m.text, s.text = m.text, c.cost_usd
            FROM corrections c
            JOIN entities e USING (entity_id)
            JOIN messages m ON m.file_id = e.file_id AND m.line_no = e.line_no
            JOIN claude_code_stage_4 s USING (entity_id)
            """);
        Assert.Equal(eligible, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("failed", r[0]);
            Assert.False(string.IsNullOrEmpty((string?)r[1]));
            Assert.Equal((true, true, true), ((bool)r[2]!, (bool)r[3]!, (bool)r[4]!));
            Assert.True((double)r[5]! >= 0);
        });
        // At least one prompt names the cause itself; the rest may name the open circuit, which quotes it.
        Assert.Contains(rows, r => ((string)r[1]!).Contains(cause, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_login_page_served_with_200_opens_the_breaker_after_a_bounded_number_of_calls_and_the_run_exits_1()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        var page = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action=\"/login\"><input name=\"user\"></form></body></html>");
        await using var server = new HostileHttpServer((_, stream, ct) => HostileHttpServer.WriteAsync(stream, 200, "text/html; charset=utf-8", page, ct));
        var db = dir.Combine("h.duckdb");

        var result = await RunAsync(corpus, db, server.BaseUrl);

        await AssertStoppedWithEveryPromptFailedAsync(result, db, "unreadable answer");
        Assert.InRange(server.Requests, 10, MostCallsBeforeTheBreakerStops);
    }

    [Fact]
    public async Task Json_that_never_fits_the_batch_protocol_opens_the_breaker_after_a_bounded_number_of_calls_and_the_run_exits_1()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        var answer = HostileHttpServer.Completion("""{"answer":"Sure! Here are your corrections."}""", """{"prompt_tokens":100,"completion_tokens":10,"total_tokens":110}""");
        await using var server = new HostileHttpServer((_, stream, ct) => HostileHttpServer.WriteAsync(stream, 200, "application/json", answer, ct));
        var db = dir.Combine("h.duckdb");

        var result = await RunAsync(corpus, db, server.BaseUrl);

        await AssertStoppedWithEveryPromptFailedAsync(result, db, "unusable answer");
        Assert.InRange(server.Requests, 10, MostCallsBeforeTheBreakerStops);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":-2000000000,"completion_tokens":-5,"total_tokens":-2000000005}""", "negative")]
    [InlineData("""{"prompt_tokens":2000000000,"completion_tokens":2000000000,"total_tokens":2000000000}""", "plausible")]
    [InlineData("""{"prompt_tokens":2000000000,"completion_tokens":12,"total_tokens":2000000012}""", "prompt tokens")]
    public async Task Token_counts_that_are_negative_or_absurd_are_replaced_by_the_estimate_with_a_recorded_reason_and_no_cost_is_negative(string usage, string reason)
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        await using var server = new HostileHttpServer((request, stream, ct) =>
            HostileHttpServer.WriteAsync(stream, 200, "application/json", HostileHttpServer.EchoCompletion(request, usage), ct));
        var db = dir.Combine("h.duckdb");

        var result = await RunAsync(corpus, db, server.BaseUrl);

        Assert.True(result.ExitCode == 0, result.ToString());
        var metrics = result.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 4)!["metrics"]!;
        Assert.Equal(server.Requests, metrics["usage_rejected"]!.GetValue<long>());
        Assert.Contains(reason, metrics["usage_rejected_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("estimate", metrics["usage_rejected_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var cost = metrics["cost_usd"]!.GetValue<double>();
        // The estimates of a few small batches at gemini-2.5-flash-lite's prices: a fraction of a cent, never negative.
        Assert.InRange(cost, 1e-9, 0.01);
        Assert.InRange(metrics["input_tokens"]!.GetValue<long>(), 1, 1_000_000);
        Assert.InRange(metrics["output_tokens"]!.GetValue<long>(), 1, 1_000_000);
        Assert.Equal(0L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE cost_usd < 0 OR input_tokens < 0 OR output_tokens < 0"));
        Assert.Equal(await EligibleAsync(db), await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status = 'unchanged'"));
        Assert.InRange(await WarehouseProbe.ScalarAsync<double>(db, "SELECT sum(cost_usd) FROM corrections"), 0, 0.01);
    }

    [Fact]
    public async Task Token_counts_that_are_not_numbers_make_the_answer_unreadable_so_no_cost_is_charged_and_the_breaker_opens()
    {
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 8);
        await using var server = new HostileHttpServer((request, stream, ct) => HostileHttpServer.WriteAsync(stream, 200, "application/json",
            HostileHttpServer.EchoCompletion(request, """{"prompt_tokens":"lots","completion_tokens":"-1e309","total_tokens":null}"""), ct));
        var db = dir.Combine("h.duckdb");

        var result = await RunAsync(corpus, db, server.BaseUrl);

        await AssertStoppedWithEveryPromptFailedAsync(result, db, "unreadable answer");
        Assert.Equal(0d, result.Json["stages"]!.AsArray().Single(s => s!["stage"]!.GetValue<int>() == 4)!["metrics"]!["cost_usd"]!.GetValue<double>());
        Assert.InRange(server.Requests, 10, MostCallsBeforeTheBreakerStops);
    }
}
