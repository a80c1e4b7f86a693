using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Reports;
using Hindsight.Reports.Html;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight report html --out FILE`: one self-contained page (charts, tables, a viewer of the top sessions) written
/// beside FILE and moved over it when complete, so a failed write never leaves half a page. An existing FILE is replaced
/// only when Hindsight wrote it.
/// </summary>
public sealed class HtmlReportCommand(CommonOptions common, CliConsole console, WarehouseReader reader)
{
    /// <summary>How a page Hindsight wrote starts (within its first kilobyte); any other existing file is left alone.</summary>
    private const string GeneratorMark = "<meta name=\"generator\" content=\"hindsight report html\">";

    private readonly Option<string> _out = new("--out")
    {
        Description = "The HTML file to write (replaced only when an earlier `report html` wrote it).",
        Required = true,
        HelpName = "FILE",
    };
    private readonly Option<int> _sessions = new("--sessions")
    {
        Description = "How many sessions, the most costly first, the page's viewer holds (0 for none).",
        DefaultValueFactory = _ => HtmlReportRequest.DefaultSessionCount,
        HelpName = "N",
    };

    public Command Create(ReportCommand.RequestParser parseFilters)
    {
        var command = new Command("html",
            "One self-contained, offline HTML page: charts (SVG), the top projects and sessions by cost, and a viewer of the top sessions' conversations. " +
            "Its totals are `report daily --json`'s for the same filters.")
        {
            _out, _sessions,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result, parseFilters, cancellationToken));
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, ReportCommand.RequestParser parseFilters, CancellationToken cancellationToken)
    {
        if (!parseFilters(result, ReportView.Daily, out var filters)) return ExitCodes.Usage;
        int sessionCount = result.GetValue(_sessions);
        if (sessionCount < 0)
        {
            console.Error.WriteLine($"error: --sessions must be 0 or more, not {sessionCount}.");
            return ExitCodes.Usage;
        }
        var target = Path.GetFullPath(result.GetValue(_out)!);
        if (!TryCheckTarget(target)) return ExitCodes.Usage;

        var request = new HtmlReportRequest { Filters = filters, SessionCount = sessionCount, GeneratedAt = DateTimeOffset.UtcNow };
        var partial = target + ".partial";
        var (summary, exitCode) = await reader.ReadReportAsync(result, "the warehouse for the HTML report", async (session, token) =>
        {
            try
            {
                await using var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using var page = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                return await HtmlReportWriter.WriteAsync(session, request, page, token);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
        }, cancellationToken);
        if (summary is null)
        {
            File.Delete(partial);
            return exitCode;
        }
        File.Move(partial, target, overwrite: true);
        long bytes = new FileInfo(target).Length;

        if (result.GetValue(common.Json))
        {
            console.Out.WriteLine(new JsonObject
            {
                ["out"] = target, ["bytes"] = bytes, ["charts"] = summary.Charts, ["sessions"] = summary.Sessions,
                ["totalCost"] = summary.Totals.TotalCost, ["totalTokens"] = summary.Totals.Tokens.Total,
            }.ToJsonString(JsonOutput.Indented));
        }
        else if (!result.GetValue(common.Quiet))
        {
            console.Out.WriteLine($"wrote {TerminalText.Safe(target)} ({bytes / 1024.0:N0} KB): {summary.Charts} charts, {summary.Sessions} sessions, total {HtmlText.Usd(summary.Totals.TotalCost)}");
        }
        return ExitCodes.Success;
    }

    private bool TryCheckTarget(string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            console.Error.WriteLine($"error: --out: the folder {TerminalText.Safe(folder)} does not exist.");
            return false;
        }
        if (Directory.Exists(target))
        {
            console.Error.WriteLine($"error: --out: {TerminalText.Safe(target)} is a folder; name the HTML file to write.");
            return false;
        }
        if (File.Exists(target) && !WrittenByHindsight(target))
        {
            console.Error.WriteLine($"error: --out: {TerminalText.Safe(target)} exists and is not a page `report html` wrote; it was left as it is (choose another name or remove it).");
            return false;
        }
        return true;
    }

    private static bool WrittenByHindsight(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[1024];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(head, 0, read).Contains(GeneratorMark, StringComparison.Ordinal);
    }
}
