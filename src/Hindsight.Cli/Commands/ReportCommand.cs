using System.CommandLine;
using Hindsight.Cli.Output;
using Hindsight.Reports;
using Hindsight.Sources;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight report daily|weekly|monthly|session|project|model`: tokens by kind and cost from the warehouse's
/// deduplicated API calls, as a table, or with --json in ccusage 20's JSON shape. `report` alone is `report daily`.
/// </summary>
public sealed class ReportCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    private readonly Option<string?> _since = new("--since")
    {
        Description = "First local date to include, YYYY-MM-DD or YYYYMMDD (inclusive).",
        Recursive = true,
        HelpName = "DATE",
    };
    private readonly Option<string?> _until = new("--until")
    {
        Description = "Last local date to include, YYYY-MM-DD or YYYYMMDD (inclusive).",
        Recursive = true,
        HelpName = "DATE",
    };
    private readonly Option<string?> _project = new("--project")
    {
        Description = "Only this project (its folder name under projects/, e.g. -home-ana-shop).",
        Recursive = true,
        HelpName = "NAME",
    };
    private readonly Option<string?> _agent = new("--agent")
    {
        Description = "Only this agent's calls: claude_code, codex or gemini_cli (`report agent` groups by agent).",
        Recursive = true,
        HelpName = "AGENT",
    };
    private readonly Option<string> _timezone = new("--timezone")
    {
        Description = "IANA time zone whose local dates make the days, weeks and months and the --since/--until filters. " +
                      "Default: UTC, whatever the machine's zone (ccusage defaults to the process's TZ: pass --timezone to both when comparing).",
        DefaultValueFactory = _ => "UTC",
        Recursive = true,
        HelpName = "IANA",
    };
    private readonly Option<bool> _breakdown = new("--breakdown")
    {
        Description = "Show a line per model under each period in the table (the JSON always carries modelBreakdowns).",
    };

    public Command Create()
    {
        var command = new Command("report",
            "Token usage and cost from the warehouse's deduplicated API calls, by day, week, month, session, project or model. " +
            "`report` alone is `report daily`; --json prints ccusage 20's JSON shape.")
        {
            _since, _until, _project, _agent, _timezone, _breakdown,
        };
        CommonOptions.AddTo(command, common.Reading);
        foreach (var view in ReportViewNames.All)
        {
            // --breakdown on `report` and each view, not on `reconcile`, which has no per-model lines to add.
            var sub = new Command(ReportViewNames.Of(view), Describe(view)) { _breakdown };
            sub.SetAction((result, cancellationToken) => RunAsync(result, view, cancellationToken));
            command.Subcommands.Add(sub);
        }
        var reconcile = new Command("reconcile",
            "Per session and model: Hindsight's tokens and cost beside Claude Code's own cost-state totals, the difference, and what explains it. " +
            "Sessions are compared whole; the date filters pick sessions active in the range.");
        reconcile.SetAction((result, cancellationToken) => new ReconcileCommand(common, console, reader).RunAsync(result, TryBuildRequest, cancellationToken));
        command.Subcommands.Add(reconcile);
        command.Subcommands.Add(new HtmlReportCommand(common, console, reader).Create(TryBuildRequest));
        command.SetAction((result, cancellationToken) => RunAsync(result, ReportView.Daily, cancellationToken));
        return command;
    }

    private static string Describe(ReportView view) => view switch
    {
        ReportView.Daily => "One row per local date (ccusage `daily`).",
        ReportView.Weekly => "One row per week, Monday to Sunday, named by its Monday (ccusage `weekly`).",
        ReportView.Monthly => "One row per month, YYYY-MM (ccusage `monthly`).",
        ReportView.Session => "One row per session as ccusage derives it from the file path, by cost (ccusage `session`).",
        ReportView.Agent => "One row per coding agent (claude_code, codex, ...), by cost; JSON rows as daily's with the agent as `period` (no ccusage equivalent).",
        ReportView.Project => "One row per project, by cost; JSON rows as daily's with the project as `period` (no ccusage equivalent).",
        _ => "One row per model, by cost; JSON rows as daily's with the model as `period` (no ccusage equivalent).",
    };

    private async Task<int> RunAsync(ParseResult result, ReportView view, CancellationToken cancellationToken)
    {
        if (!TryBuildRequest(result, view, out var request)) return ExitCodes.Usage;

        var (report, exitCode) = await reader.ReadReportAsync(result, "the API calls",
            (session, token) => UsageReportQuery.ReadAsync(session, request, token), cancellationToken);
        if (report is null) return exitCode;

        if (result.GetValue(common.Json))
        {
            console.Out.WriteLine(UsageReportJson.ToJson(report));
        }
        else
        {
            new ReportTableRenderer(console.Ansi).Render(report, result.GetValue(_breakdown));
        }
        if (report.UndatedCalls > 0)
            console.Error.WriteLine($"note: {report.UndatedCalls:N0} API calls have no timestamp and are in no period.");
        return ExitCodes.Success;
    }

    /// <summary>Parses the shared filters (--since, --until, --project, --timezone) into a request, or says what is wrong.</summary>
    public delegate bool RequestParser(ParseResult result, ReportView view, out UsageReportRequest request);

    private bool TryBuildRequest(ParseResult result, ReportView view, out UsageReportRequest request)
    {
        request = new UsageReportRequest { View = view };
        if (!TryDate(result, _since, out var since) || !TryDate(result, _until, out var until)) return false;
        if (since is { } from && until is { } to && from > to)
        {
            console.Error.WriteLine($"error: --since {from:yyyy-MM-dd} is after --until {to:yyyy-MM-dd}.");
            return false;
        }
        var zoneName = result.GetValue(_timezone);
        if (!ReportTimeZone.TryFind(zoneName, out var zone))
        {
            console.Error.WriteLine($"error: --timezone: unknown time zone \"{TerminalText.Safe(zoneName)}\"; use an IANA name such as UTC, Europe/Berlin or America/Los_Angeles.");
            return false;
        }
        var project = result.GetValue(_project);
        Agent? agent = null;
        if (result.GetValue(_agent) is { Length: > 0 } agentName)
        {
            if (!AgentNames.TryParse(agentName, out var parsed))
            {
                console.Error.WriteLine($"error: --agent: unknown agent \"{TerminalText.Safe(agentName)}\"; use one of {string.Join(", ", AgentNames.All)}.");
                return false;
            }
            agent = parsed;
        }
        request = request with
        {
            TimeZone = zone,
            Since = since,
            Until = until,
            Project = string.IsNullOrEmpty(project) ? null : project,
            Agent = agent,
        };
        return true;
    }

    private bool TryDate(ParseResult result, Option<string?> option, out DateOnly? date)
    {
        date = null;
        var text = result.GetValue(option);
        if (text is null) return true;
        if (ReportDate.TryParse(text, out var parsed))
        {
            date = parsed;
            return true;
        }
        console.Error.WriteLine($"error: {option.Name}: \"{TerminalText.Safe(text)}\" is not a date; use YYYY-MM-DD or YYYYMMDD.");
        return false;
    }
}
