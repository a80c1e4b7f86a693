using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Hindsight.BigQueryStandIn.Tests;

/// <summary>
/// Google's own BigQuery client for Node (@google-cloud/bigquery, installed by tools/bigquery-node/install.sh), pointed
/// at the stand-in with apiEndpoint: it creates a dataset and a table, loads a local file through its media upload,
/// polls the job to DONE and queries the rows back, so the stand-in accepts the official request shapes and not only ours.
/// </summary>
[Trait("Category", "Slow")]
public sealed class NodeClientContractTests
{
    [Fact]
    public async Task Googles_node_client_loads_a_file_polls_its_job_and_queries_the_rows_back_from_the_stand_in()
    {
        var modules = Path.Combine(RepositoryPaths.Root, ".tools", "bigquery-node");
        if (!File.Exists(Path.Combine(modules, "node_modules", "@google-cloud", "bigquery", "package.json")))
            Assert.Skip("@google-cloud/bigquery is not installed: run tools/bigquery-node/install.sh (.ci/run does).");
        using var dir = new TempDirectory();
        await using var server = await StandInServer.StartAsync(new StandInOptions { StateDirectory = dir.Combine("standin") }, TestContext.Current.CancellationToken);
        using var client = await StandInClient.ConnectAsync(server);
        var rows = string.Concat(Enumerable.Range(0, 25).Select(i => $$"""{"id":{{i}},"session_id":"s{{i % 3}}","ts":"2026-02-02T10:00:{{i:00}}Z"}""" + "\n"));
        var file = dir.Write("rows.ndjson", rows);

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(RepositoryPaths.Root, "tools", "bigquery-node", "contract.mjs"), modules, server.BaseUrl.ToString(), StandInClient.Project, "contract", client.Token, file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("node is not installed; the contract test needs it.");
            return;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, await error + await output);
            var result = JsonNode.Parse(await output)!;

            Assert.Equal("DONE", result["state"]!.GetValue<string>());
            Assert.Null(result["error"]);
            Assert.Equal("25", result["outputRows"]!.GetValue<string>());
            Assert.Equal(25, result["count"]!.GetValue<int>());
            Assert.Equal("DONE", server.Jobs.Snapshot().Single(j => j["configuration"]!["load"] is not null)["status"]!["state"]!.GetValue<string>());
        }
    }
}
