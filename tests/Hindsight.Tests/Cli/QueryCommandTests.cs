using Hindsight.Tests.Support;

namespace Hindsight.Tests.Cli;

public sealed class QueryCommandTests
{
    [Fact]
    public async Task Query_returns_rows_as_json_and_refuses_statements_that_write()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/s.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi")));
        var db = dir.Combine("h.duckdb");
        await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet");

        var select = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT uuid, type FROM records");
        Assert.Equal(0, select.ExitCode);
        Assert.Equal("u1", select.Json[0]!["uuid"]!.GetValue<string>());

        foreach (var sql in new[] { "DELETE FROM records", "DROP TABLE records", "SELECT 1; DELETE FROM records", "COPY records TO '/tmp/x.csv'", "ATTACH 'x.db'" })
        {
            var refused = await HindsightCli.RunAsync("query", "--db", db, sql);
            Assert.Equal(2, refused.ExitCode);
        }
        // Even a statement that passes the keyword check cannot write or reach files.
        var sneaky = await HindsightCli.RunAsync("query", "--db", db, "SELECT * FROM read_csv('/etc/passwd')");
        Assert.Equal(1, sneaky.ExitCode);
        Assert.Equal(1L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }
}
