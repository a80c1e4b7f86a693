using System.Diagnostics;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// Paths the runtime cannot take as they are: a folder deeper than the system's 4,096-byte path limit, and file
/// names that are not UTF-8. Each bad path is a warning about that path; everything else is ingested.
/// </summary>
public sealed class HostilePathTests
{
    private const string Project = "-home-dev-paths";

    /// <summary>Runs a bash script in <paramref name="workingDirectory"/>: names with raw bytes and paths past PATH_MAX cannot be made from .NET.</summary>
    private static async Task BashAsync(string workingDirectory, string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { UseShellExecute = false, WorkingDirectory = workingDirectory, RedirectStandardError = true })!;
        var error = await bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(bash.ExitCode == 0, error);
    }

    [Fact]
    public async Task A_folder_path_over_4096_bytes_is_a_warning_and_every_other_file_is_ingested()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the 4,096-byte path limit and the bash helper are Linux's");
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 3, Project);
        var folder = dir.Combine("projects", Project);
        var deepLine = HostileCorpus.Good("too-deep").Replace("'", "", StringComparison.Ordinal);
        // Twenty folders of 250 bytes, made one relative step at a time: the last one's path is over 5,000 bytes.
        await BashAsync(folder, $"n=$(printf 'd%.0s' $(seq 1 250)); for i in $(seq 1 20); do mkdir $n && cd $n; done; printf '%s\\n' '{deepLine}' > deep.jsonl");
        try
        {
            var db = dir.Combine("h.duckdb");
            var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("longer than the system's limit of 4,096", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Parameter", result.Output + result.Error, StringComparison.Ordinal);
            Assert.Equal(6L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
        }
        finally
        {
            // rm walks with openat, so it removes what .NET's Directory.Delete cannot reach.
            await BashAsync(dir.Path, "rm -rf projects");
        }
    }

    [Fact]
    public async Task A_file_name_that_is_not_utf8_is_read_under_an_escaped_path_and_an_append_reads_only_its_tail()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("names with arbitrary bytes and the bash helper are Linux's");
        using var dir = new TempDirectory();
        HostileCorpus.WriteCleanFiles(dir, 3, Project);
        var folder = dir.Combine("projects", Project);
        var line = HostileCorpus.Good("latin1-name");
        await BashAsync(folder, $"printf '%s\\n' '{line}' > \"$(printf 'caf\\xe9-\\xff.jsonl')\"; mkdir \"$(printf 'dir-\\xfe')\"");
        var db = dir.Combine("h.duckdb");

        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("broken link", result.Output, StringComparison.Ordinal);
        Assert.Contains($"warning: skipped folder {folder}/dir-\\xfe: its name is not valid UTF-8", result.Output, StringComparison.Ordinal);
        var stored = await WarehouseProbe.RowsAsync(db, "SELECT f.path, r.uuid FROM records r JOIN files f USING (file_id) WHERE r.uuid = 'latin1-name'");
        Assert.Equal($"{folder}/caf\\xe9-\\xff.jsonl", Assert.Single(stored)[0]);

        await BashAsync(folder, $"printf '%s\\n' '{HostileCorpus.Good("latin1-more")}' >> \"$(printf 'caf\\xe9-\\xff.jsonl')\"");
        var again = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--json", "--quiet");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(1, again.Json["stages"]![1]!["metrics"]!["files_appended"]!.GetValue<long>());
        Assert.Equal(1, again.Json["stages"]![1]!["metrics"]!["records"]!.GetValue<long>());
        Assert.Equal(8L, await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM records"));
    }
}
