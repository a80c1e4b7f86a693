using DuckDB.NET.Data;

namespace Hindsight.Cli.Tests.Output;

/// <summary>
/// Terminal escape sequences carried by transcripts, file names and recorded errors are printed as visible escapes
/// by `query`, `run` and `runs`; --json keeps the text exact, with JSON's own escaping.
/// </summary>
public sealed class TerminalSafetyTests
{
    /// <summary>OSC 0 (window title), OSC 52 (clipboard write), a one-byte CSI that clears the screen, and a bidi override.</summary>
    private const string Hostile = "\u001b]0;pwned\u0007 \u001b]52;c;ZXZpbA==\u0007 \u009b2J \u202egnp.exe";

    private static void AssertNoControlCharacters(string printed)
    {
        Assert.DoesNotContain('\u001b', printed);
        Assert.DoesNotContain('\u0007', printed);
        Assert.DoesNotContain('\u009b', printed);
        Assert.DoesNotContain('\u202e', printed);
    }

    private static async Task<string> WarehouseWithHostileTextAsync(TempDirectory dir)
    {
        var escaped = Hostile.Replace("\u001b", "\\u001b", StringComparison.Ordinal).Replace("\u0007", "\\u0007", StringComparison.Ordinal)
            .Replace("\u009b", "\\u009b", StringComparison.Ordinal).Replace("\u202e", "\\u202e", StringComparison.Ordinal);
        dir.Write("projects/-p/11111111-1111-4111-8111-111111111111.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("u1", escaped)));
        var db = dir.Combine("h.duckdb");
        var run = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--source", dir.Combine("\u001b]0;title-from-a-path\u0007"), "--db", db, "--provider", "none");
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertNoControlCharacters(run.Output + run.Error);
        Assert.Contains("\\x1b]0;title-from-a-path\\x07", run.Output, StringComparison.Ordinal);
        return db;
    }

    [Fact]
    public async Task Query_prints_escape_sequences_from_a_transcript_as_visible_escapes_and_json_keeps_them_exact()
    {
        using var dir = new TempDirectory();
        var db = await WarehouseWithHostileTextAsync(dir);

        var table = await HindsightCli.RunAsync("query", "--db", db, "SELECT text FROM content_blocks");
        var json = await HindsightCli.RunAsync("query", "--db", db, "--json", "SELECT text FROM content_blocks");

        Assert.True(table.ExitCode == 0, table.ToString());
        AssertNoControlCharacters(table.Output + table.Error);
        Assert.Contains("\\x1b]52;c;ZXZpbA==\\x07", table.Output, StringComparison.Ordinal);
        Assert.Contains("\\x9b2J", table.Output, StringComparison.Ordinal);
        Assert.Contains("\\u202egnp.exe", table.Output, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        AssertNoControlCharacters(json.Output);
        Assert.Equal(Hostile, json.Json[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runs_prints_a_recorded_provider_error_with_escape_sequences_as_visible_escapes()
    {
        using var dir = new TempDirectory();
        var db = await WarehouseWithHostileTextAsync(dir);
        // A provider's error text as stage 4 would record it.
        await using (var connection = new DuckDBConnection($"Data Source={db}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE run_stages SET status = 'failed', error = $error WHERE stage = 4";
            command.Parameters.Add(new DuckDBParameter("error", "provider said: " + Hostile));
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var runs = await HindsightCli.RunAsync("runs", "--db", db);

        Assert.True(runs.ExitCode == 0, runs.ToString());
        AssertNoControlCharacters(runs.Output + runs.Error);
        Assert.Contains("\\x1b]0;pwned\\x07", runs.Output, StringComparison.Ordinal);
    }
}
