using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Hindsight.Cli.Tests.Commands;

/// <summary>
/// One warehouse, one `report html` page and one headless Chromium for the browser tests: two sessions on two days
/// with two models, a prompt that stage 4 corrects (through a scripted provider on 127.0.0.1), a prompt with an
/// <c>&lt;img src=http…&gt;</c> and a planted phrase, and a line that is a dead letter.
/// </summary>
public sealed class HtmlReportBrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string SessionA = "aaaaaaaa-1111-4111-8111-111111111111";
    public const string SessionB = "bbbbbbbb-2222-4222-8222-222222222222";
    public const string TypedPrompt = "pleese fix teh failing test in the parser";
    public const string PlantedPhrase = "zanzibar-quokka";
    public const string PlantedImage = "<img src=http://127.0.0.1:9/planted.png>";

    private readonly TempDirectory _dir = new();
    private IPlaywright? _playwright;

    /// <summary>Why the tests cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    public string PagePath => _dir.Combine("report.html");

    public string Database => _dir.Combine("h.duckdb");

    /// <summary>`report daily --json` for the same warehouse and filters.</summary>
    public JsonNode DailyJson { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"no Chromium at {ChromiumPath} (`apt-get install -y chromium`; .ci/run installs it where it can)";
            return;
        }
        WriteTranscripts();
        await using (var provider = new ScriptedProviderServer(CorrectTypos))
        {
            var run = await HindsightCli.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "test-key-FAKE-0001" },
                "run", "--source", _dir.Combine("projects"), "--db", Database, "--base-url", provider.BaseUrl.ToString(), "--model", "scripted-model");
            if (run.ExitCode != 0) throw new InvalidOperationException("the pipeline failed: " + run);
        }
        var html = await HindsightCli.RunAsync("report", "html", "--db", Database, "--out", PagePath, "--sessions", "10");
        if (html.ExitCode != 0) throw new InvalidOperationException("report html failed: " + html);
        var daily = await HindsightCli.RunAsync("report", "daily", "--json", "--db", Database);
        DailyJson = JsonNode.Parse(daily.Output)!;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    /// <summary>A page at desktop width that fails every request that is not the file itself, and records them and every console error.</summary>
    public async Task<(IPage Page, List<string> Requests, List<string> Errors)> OpenAsync(string fragment = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var requests = new List<string>();
        var errors = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file:", StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                lock (requests) requests.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        page.RequestFailed += (_, request) => { if (!request.Url.StartsWith("file:", StringComparison.Ordinal)) lock (requests) requests.Add(request.Url); };
        await page.GotoAsync(new Uri(PagePath).AbsoluteUri + fragment, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return (page, requests, errors);
    }

    private void WriteTranscripts()
    {
        const string opus = "claude-opus-4-5-20251101";
        _dir.Write($"projects/-home-dev-shop/{SessionA}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("a1", TypedPrompt, SessionA),
            TranscriptLines.Assistant("a2", "msg_a2", "req_a2", TranscriptLines.Text("Fixed the parser test."), output: 120, session: SessionA),
            "{\"type\":\"user\",\"message\": this line is broken",
            TranscriptLines.User("a3", $"look at {PlantedPhrase} {PlantedImage} and tell me", SessionA),
            TranscriptLines.Assistant("a4", "msg_a4", "req_a4", TranscriptLines.Text("It is an image tag."), output: 80, session: SessionA).Replace("claude-sonnet-4-5-20250929", opus)));
        _dir.Write($"projects/-home-dev-api/{SessionB}.jsonl", TranscriptLines.Jsonl(
            TranscriptLines.User("b1", "add a health endpoint to the api", SessionB).Replace("2026-02-03T", "2026-02-04T"),
            TranscriptLines.Assistant("b2", "msg_b2", "req_b2", TranscriptLines.Text("Added GET /health."), output: 300, session: SessionB).Replace("2026-02-03T", "2026-02-04T"),
            TranscriptLines.Assistant("b3", "msg_b3", "req_b3", TranscriptLines.ToolUse("toolu_b3", "Bash"), output: 40, session: SessionB).Replace("2026-02-03T", "2026-02-04T").Replace("claude-sonnet-4-5-20250929", opus)));
    }

    /// <summary>The provider's answer: the typos fixed, everything else sent back as it came.</summary>
    private static ScriptedAnswer CorrectTypos(int request, JsonArray items) => new(200, new JsonObject
    {
        ["corrections"] = new JsonArray([.. items.Select(item => (JsonNode)new JsonObject
        {
            ["id"] = item!["id"]!.GetValue<string>(),
            ["corrected"] = item["text"]!.GetValue<string>().Replace("pleese", "please", StringComparison.Ordinal).Replace("teh", "the", StringComparison.Ordinal),
        })]),
    }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        _dir.Dispose();
    }
}
