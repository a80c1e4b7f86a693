
namespace Hindsight.Tests.Pricing;

public sealed class PricingOverrideTests
{
    [Fact]
    public async Task A_price_file_overrides_the_shipped_price_of_a_model_in_api_call_costs()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("u1", "hi"), TranscriptLines.Assistant("a1", "msg_1", "req_1", TranscriptLines.Text("ok"), output: 1000)));
        var prices = dir.Write("prices.json", """
            {"version": "test-override", "models": {"claude-sonnet-4-5-20250929": {"input": 1000, "output": 1000, "cacheWrite5m": 1000, "cacheWrite1h": 1000, "cacheRead": 1000}}}
            """);
        var shipped = dir.Combine("shipped.duckdb");
        var overridden = dir.Combine("overridden.duckdb");

        Assert.Equal(0, (await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", shipped, "--quiet", "--provider", "none")).ExitCode);
        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", overridden, "--quiet", "--provider", "none", "--prices", prices);

        Assert.True(result.ExitCode == 0, result.ToString());
        // 5 input + 1000 output + 100 cache writes + 2000 cache reads = 3105 tokens at USD 1000 per million.
        Assert.Equal(3.105, await WarehouseProbe.ScalarAsync<double>(overridden, "SELECT cost_usd FROM api_calls"), 9);
        Assert.EndsWith("+test-override", await WarehouseProbe.ScalarAsync<string>(overridden, "SELECT price_table_version FROM api_calls"), StringComparison.Ordinal);
        Assert.NotEqual(3.105, await WarehouseProbe.ScalarAsync<double>(shipped, "SELECT cost_usd FROM api_calls"), 9);
    }
}
