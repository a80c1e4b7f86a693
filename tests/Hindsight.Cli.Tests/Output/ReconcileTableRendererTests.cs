using Hindsight.Cli.Output;
using Hindsight.Reports.Reconcile;

namespace Hindsight.Cli.Tests.Output;

/// <summary>`hindsight report reconcile` as a table at a fixed width: both sides, the differences and why.</summary>
public sealed class ReconcileTableRendererTests
{
    private static ReconcileRow Row(string session, string model, ReconcileTokens? hindsight, ReconcileTokens? claudeCode, string status, params string[] why) => new()
    {
        SessionId = session,
        Model = model,
        Project = "-home-ana-work",
        Hindsight = hindsight,
        ClaudeCode = claudeCode,
        Status = status,
        Explanations = why,
    };

    private static string Render(ReconcileReport report)
    {
        var console = RenderedOutput.Console();
        new ReconcileTableRenderer(console).Render(report);
        return console.Output;
    }

    [Fact]
    public void Each_session_and_model_shows_both_sides_the_differences_and_why()
    {
        var report = new ReconcileReport
        {
            Request = new ReconcileRequest(),
            Rows =
            [
                Row("0f6e2c1a-7b4d-4c2e-9a51-3d2f8e6b1c70", "claude-sonnet-4-5-20250929",
                    new ReconcileTokens(100, 2_000, 30_000, 400_000, 1.5), new ReconcileTokens(100, 2_000, 30_000, 400_000, 1.5),
                    ReconcileReasons.Agrees, "same tokens"),
                Row("c3", "claude-opus-4-1-20250805",
                    new ReconcileTokens(10, 500, 0, 0, 0.04), new ReconcileTokens(10, 750, 0, 0, 0.05),
                    ReconcileReasons.OutputUnfinalized, "2 calls whose output tokens the transcript never finalized"),
                Row("9d", "claude-haiku-4-5", null, new ReconcileTokens(1, 2, 3, 4, null),
                    ReconcileReasons.Unexplained, "Claude Code counted calls Hindsight never saw"),
            ],
            SessionsWithoutSnapshot = 1_234,
        };

        var rendered = Render(report);

        RenderedOutput.FitsWithoutAnsi(rendered);
        // A session id is cut to its first eight characters.
        Assert.Contains("0f6e2c1a", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("0f6e2c1a-", rendered, StringComparison.Ordinal);
        RenderedOutput.MatchesExpected(rendered, "reconcile.txt");
    }

    [Fact]
    public void Without_snapshots_it_says_which_Claude_Code_versions_write_them()
    {
        var rendered = Render(new ReconcileReport { Request = new ReconcileRequest(), Rows = [], SessionsWithoutSnapshot = 0 });

        RenderedOutput.FitsWithoutAnsi(rendered);
        RenderedOutput.MatchesExpected(rendered, "reconcile-empty.txt");
    }
}
