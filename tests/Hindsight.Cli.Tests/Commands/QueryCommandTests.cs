
namespace Hindsight.Cli.Tests.Commands;

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

    [Fact]
    public async Task The_statement_check_reads_sql_as_duckdb_does_strings_and_nested_comments_included()
    {
        using var dir = new TempDirectory();
        dir.Write("projects/-p/s.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", "hi")));
        var db = dir.Combine("h.duckdb");
        await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--quiet");

        // A semicolon inside a string is not a second statement.
        var semicolon = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT ';' AS s");
        Assert.True(semicolon.ExitCode == 0, semicolon.ToString());
        Assert.Equal(";", semicolon.Json[0]!["s"]!.GetValue<string>());
        var described = await HindsightCli.RunAsync("query", "--db", db, "--json", "-- the columns\nDESCRIBE records;");
        Assert.True(described.ExitCode == 0, described.ToString());

        // Nested comments end where DuckDB ends them: what follows is a SET, not a SELECT.
        var nested = await HindsightCli.RunAsync("query", "--db", db, "/* /* */ SELECT 1 */ SET access_mode = 'READ_WRITE'");
        Assert.Equal(2, nested.ExitCode);
        Assert.Contains("only a query is allowed", nested.Error, StringComparison.Ordinal);
        var two = await HindsightCli.RunAsync("query", "--db", db, "SELECT 1; SELECT 2");
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("only one statement is allowed, not 2", two.Error, StringComparison.Ordinal);
        var broken = await HindsightCli.RunAsync("query", "--db", db, "SELEC 1");
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("does not parse", broken.Error, StringComparison.Ordinal);
    }
}
