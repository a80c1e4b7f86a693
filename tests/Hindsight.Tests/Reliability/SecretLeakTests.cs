using System.Text.Json;
using Hindsight.Simulator;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// A provider key in the environment and secrets in transcripts (typed, pasted, in tool calls and their
/// output, in thinking, in a broken line) appear in no log line, no table but the raw archive (the column
/// records.raw), no manifest, no error message and no request the provider receives.
/// </summary>
public sealed class SecretLeakTests
{
    /// <summary>Shaped like a Google key (AIza + 35) so the detectors know it; marked FAKE.</summary>
    private const string ApiKey = "AIzaSyFAKEk3y0123456789abcdefghijklmnop";

    /// <summary>
    /// Every table is searched; of records, every column but raw, and of dead letters every column but raw_line (the raw
    /// archive of what was written: the whole line of each record and, since migration 10, of each dead letter).
    /// </summary>
    private static string RowsOf(string table) => table switch
    {
        "records" => "(SELECT * EXCLUDE (raw) FROM records)",
        "dead_letters" => "(SELECT * EXCLUDE (raw_line) FROM dead_letters)",
        _ => table,
    };

    private static readonly string[] Planted =
    [
        ApiKey,
        "hunter2FAKEpw",
        "sk-proj-FAKEtooluse0123456789abcdefghijABCDEFGHIJ",
        "FAKEwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
        "ghp_FAKEtoolresult0123456789abcdefghijklmnopq",
        "ghp_FAKEassistanttext0123456789abcdefghijklmn",
        "xoxb-FAKE-123456789012-slacktoken",
        "sk-proj-FAKEdeadletter0123456789abcdefghijABCDEFG",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.FAKEsignature",
    ];

    private static void WriteTranscriptWithSecrets(TempDirectory dir)
    {
        const string session = "22222222-2222-4222-8222-222222222222";
        string User(string uuid, string content) => JsonSerializer.Serialize(new
        {
            parentUuid = (string?)null, isSidechain = false, userType = "external", cwd = "/home/dev/shop", sessionId = session, version = "2.1.20",
            type = "user", message = new { role = "user", content }, uuid, timestamp = "2026-02-03T10:00:00.000Z",
        });
        string Blocks(string type, string uuid, string role, object[] content) => JsonSerializer.Serialize(new
        {
            parentUuid = (string?)null, isSidechain = false, userType = "external", cwd = "/home/dev/shop", sessionId = session, version = "2.1.20",
            type, message = new { id = "msg_" + uuid, role, model = "claude-sonnet-4-5-20250929", content, usage = new { input_tokens = 5, output_tokens = 7 } },
            requestId = "req_" + uuid, uuid, timestamp = "2026-02-03T10:00:01.000Z",
        });
        dir.Write($"projects/-home-dev-shop/{session}.jsonl", TranscriptLines.Jsonl(
            User("s1", $"pleese use the key {ApiKey} for the gemini client, it is teh one from the console"),
            User("s2", "my databse is postgres://admin:hunter2FAKEpw@db.internal:5432/shop so connect to it"),
            Blocks("assistant", "s3", "assistant", [new { type = "tool_use", id = "toolu_1", name = "Bash", input = new { command = "export OPENAI_API_KEY=sk-proj-FAKEtooluse0123456789abcdefghijABCDEFGHIJ && ./deploy.sh" } }]),
            Blocks("user", "s4", "user", [new { type = "tool_result", tool_use_id = "toolu_1", content = "aws_secret_access_key = FAKEwJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\nGITHUB_TOKEN=ghp_FAKEtoolresult0123456789abcdefghijklmnopq" }]),
            Blocks("assistant", "s5", "assistant", [new { type = "thinking", thinking = "the slack token xoxb-FAKE-123456789012-slacktoken is in the env", signature = "sig" }, new { type = "text", text = "I found the token ghp_FAKEassistanttext0123456789abcdefghijklmn in the logs" }]),
            User("s6", "and the session cookie is eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.FAKEsignature if you need it"),
            """{"type":"user","uuid":"s7","message":{"role":"user","content":"cut off with sk-proj-FAKEdeadletter0123456789abcdefghijABCDEFG and then"""));
    }

    [Fact]
    public async Task Planted_secrets_and_the_provider_key_reach_no_log_no_derived_table_no_manifest_no_error_and_no_request()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var corpus = await GeneratedCorpus.CreateAsync(dir, files: 24);
        WriteTranscriptWithSecrets(dir);
        var projects = dir.Combine("projects");
        foreach (var file in Directory.GetFiles(corpus.Projects, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(projects, Path.GetRelativePath(corpus.Projects, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var db = dir.Combine("h.duckdb");
        var manifest = dir.Combine("manifest.json");
        var env = new Dictionary<string, string?> { ["GEMINI_API_KEY"] = ApiKey };
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = ApiKey }, ct);
        string[] run = ["run", "--source", projects, "--db", db, "--manifest", manifest, "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString()];

        var logs = new List<CliResult>
        {
            await HindsightProcess.RunAsync(env, run),
            await HindsightProcess.RunAsync(env, [.. run, "--json"]),
            await HindsightProcess.RunAsync(env, "correct", "--db", db, "--provider", "gemini", "--base-url", simulator.GeminiBaseUrl.ToString(), "--dry-run", "--json"),
            await HindsightProcess.RunAsync(env, "config", "--db", db, "--source", projects),
            await HindsightProcess.RunAsync(env, "runs", "--db", db, "--json"),
        };
        Assert.True(logs[0].ExitCode == 0, logs[0].ToString());
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, "SELECT count(*) FROM corrections WHERE status = 'corrected'") > 0, "nothing was corrected: the provider path did not run");

        // The same key, refused by the provider, and a provider that cannot be reached: error paths, where keys like to leak.
        await using (var refusing = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "another-key" }, ct))
        {
            dir.Write("projects/-home-dev-shop/later.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("later-1", "one more prompt with a typo teh")));
            logs.Add(await HindsightProcess.RunAsync(env, "run", "--source", projects, "--db", db, "--manifest", manifest, "--provider", "gemini", "--base-url", refusing.GeminiBaseUrl.ToString(), "--timeout", "5"));
        }
        var keyFile = dir.Write("key.txt", ApiKey + "\n");
        logs.Add(await HindsightProcess.RunAsync(new Dictionary<string, string?>(), "correct", "--db", db, "--provider", "gemini", "--key-file", keyFile, "--base-url", "http://127.0.0.1:9/v1beta/openai/", "--timeout", "2"));

        var leaks = new List<string>();
        foreach (var (log, i) in logs.Select((l, i) => (l, i)))
            foreach (var secret in Planted)
                if (log.Output.Contains(secret, StringComparison.Ordinal) || log.Error.Contains(secret, StringComparison.Ordinal))
                    leaks.Add($"command {i}'s output: {Shown(secret)}");
        var manifestText = await File.ReadAllTextAsync(manifest, ct);
        leaks.AddRange(Planted.Where(s => manifestText.Contains(s, StringComparison.Ordinal)).Select(s => "manifest: " + Shown(s)));
        foreach (var request in simulator.ReceivedRequests())
            leaks.AddRange(Planted.Where(s => request.Body.Contains(s, StringComparison.Ordinal)).Select(s => $"a request to {request.Path}: {Shown(s)}"));
        var tables = (await WarehouseProbe.RowsAsync(db, "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1")).Select(r => (string)r[0]!).ToList();
        foreach (var table in tables)
        {
            Assert.Matches("^[a-z_0-9]+$", table);
            var rowsOf = RowsOf(table);
            foreach (var secret in Planted)
            {
                var rows = await WarehouseProbe.RowsAsync(db, $"SELECT count(*) FROM {rowsOf} t WHERE contains(CAST(t AS VARCHAR), $secret)",
                    new Dictionary<string, object?> { ["secret"] = secret });
                if ((long)rows[0][0]! > 0) leaks.Add($"table {table}: {Shown(secret)} in {rows[0][0]} rows");
            }
        }

        Assert.True(leaks.Count == 0, "secrets found outside the raw archive:\n" + string.Join("\n", leaks));
        Assert.True(simulator.ReceivedRequests().Count > 0);
        // The raw archive keeps what was written, as it must.
        Assert.True(await WarehouseProbe.ScalarAsync<long>(db, $"SELECT count(*) FROM records WHERE contains(raw, '{ApiKey}')") == 1);
        Assert.True(tables.Count > 10, "the warehouse has fewer tables than expected: " + string.Join(", ", tables));
    }

    /// <summary>
    /// The staged table's tool_input / tool_output come from the raw archive's content blocks; they pass through
    /// the same secret redaction as stage 2's text, so a key in a Bash command or in a printed file stays out.
    /// </summary>
    [Fact]
    public async Task Secrets_in_tool_calls_and_tool_results_do_not_reach_the_staged_table()
    {
        using var dir = new TempDirectory();
        WriteTranscriptWithSecrets(dir);
        // Two clean sessions beside it, so that its deliberately broken line stays under discovery's NO-GO threshold.
        foreach (var session in new[] { "44444444-4444-4444-8444-444444444444", "55555555-5555-4555-8555-555555555555" })
            dir.Write($"projects/-home-dev-clean/{session}.jsonl", TranscriptLines.Jsonl(TranscriptLines.User("c-" + session[..4], "fine", session)));
        var db = dir.Combine("h.duckdb");
        var result = await HindsightCli.RunAsync("run", "--source", dir.Combine("projects"), "--db", db, "--provider", "none", "--quiet");
        Assert.True(result.ExitCode == 0, result.ToString());

        foreach (var secret in Planted)
        {
            Assert.Equal(0L, (long)(await WarehouseProbe.RowsAsync(db, "SELECT count(*) FROM claude_code_stage_4 WHERE contains(coalesce(tool_input, '') || coalesce(tool_output, ''), $secret)",
                new Dictionary<string, object?> { ["secret"] = secret }))[0][0]!);
        }
    }

    /// <summary>
    /// A key of no known shape (a local OpenAI-compatible server's) pasted into a prompt: no pattern finds it,
    /// but stage 4 knows the key it was given and removes it from every target before anything is sent.
    /// </summary>
    [Fact]
    public async Task The_providers_own_key_of_no_known_shape_pasted_into_a_prompt_is_never_sent_to_the_provider()
    {
        const string plainKey = "local-FAKE-key-31337-zz";
        using var dir = new TempDirectory();
        dir.Write("projects/-home-dev-shop/33333333-3333-4333-8333-333333333333.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("k1", $"teh server wants the key {plainKey} in the header", "33333333-3333-4333-8333-333333333333"),
            TranscriptLines.User("k2", "and teh port is 8080", "33333333-3333-4333-8333-333333333333")));
        var db = dir.Combine("h.duckdb");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = plainKey }, TestContext.Current.CancellationToken);

        var result = await HindsightProcess.RunAsync(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = plainKey },
            "run", "--source", dir.Combine("projects"), "--db", db, "--provider", "openai", "--base-url", simulator.BaseUrl.ToString(), "--model", "gpt-4o-mini");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(simulator.ReceivedRequests().Count > 0, "no request reached the provider");
        Assert.DoesNotContain(simulator.ReceivedRequests(), r => r.Body.Contains(plainKey, StringComparison.Ordinal));
        Assert.DoesNotContain(plainKey, result.Output + result.Error, StringComparison.Ordinal);
    }

    private static string Shown(string secret) => secret[..Math.Min(14, secret.Length)] + "…";
}
