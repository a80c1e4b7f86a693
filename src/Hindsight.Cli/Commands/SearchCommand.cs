using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Messages;
using Hindsight.Reports;
using Hindsight.Search;
using Hindsight.Warehouse;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight search "query"`: full-text search over the index the pipeline keeps beside the warehouse, ranked, with a
/// highlighted snippet and the session, time and project of each hit; `--reindex` builds the index again from the warehouse.
/// A search reads the index alone: it does not open the warehouse, so it answers while a run holds it.
/// </summary>
public sealed class SearchCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    public Command Create()
    {
        var query = new Argument<string?>("query")
        {
            Description = "Words (all must occur; OR for either), a \"phrase\", a prefix* ; e.g. \"connection pool\" or 'retr* AND timeout'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var project = new Option<string?>("--project") { Description = "Only this project (its folder name under projects/, e.g. -home-ana-shop).", HelpName = "NAME" };
        var since = new Option<string?>("--since") { Description = "Only messages from this UTC date on, YYYY-MM-DD or YYYYMMDD.", HelpName = "DATE" };
        var kind = new Option<string?>("--kind") { Description = $"Only this kind of message: {string.Join(", ", IndexedKindNames)}.", HelpName = "KIND" };
        var limit = new Option<int>("--limit") { Description = "Hits shown, best first (at least 1).", DefaultValueFactory = _ => 20, HelpName = "N" };
        var reindex = new Option<bool>("--reindex") { Description = "Build the search index again from the warehouse (it is derived state), then search if a query is given." };
        var command = new Command("search", "Full-text search over every human prompt (original and corrected), assistant text and tool result, ranked, with highlighted snippets.")
        {
            query, project, since, kind, limit, reindex,
        };
        CommonOptions.AddTo(command, common.Reading);
        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(query);
            bool rebuild = result.GetValue(reindex);
            if (string.IsNullOrWhiteSpace(text) && !rebuild) return Usage("give a query, e.g. hindsight search \"connection pool\" (or --reindex)");
            if (result.GetValue(limit) < 1) return Usage($"--limit must be at least 1 (got {result.GetValue(limit)})");
            var kindName = result.GetValue(kind);
            if (kindName is not null && !IndexedKindNames.Contains(kindName, StringComparer.Ordinal))
                return Usage($"--kind: \"{TerminalText.Safe(kindName)}\" is not an indexed kind; use one of {string.Join(", ", IndexedKindNames)}");
            DateTimeOffset? from = null;
            if (result.GetValue(since) is { } sinceText)
            {
                if (!ReportDate.TryParse(sinceText, out var date)) return Usage($"--since: \"{TerminalText.Safe(sinceText)}\" is not a date; use YYYY-MM-DD or YYYYMMDD");
                from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            var database = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), null, null).Database.Value;
            var folder = SearchIndexLocation.ForDatabase(database);
            bool quiet = result.GetValue(common.Quiet);
            if (rebuild && await ReindexAsync(result, folder, quiet, cancellationToken) is { } failed) return failed;
            if (string.IsNullOrWhiteSpace(text)) return ExitCodes.Success;

            var request = new SearchRequest
            {
                Query = text,
                Project = result.GetValue(project),
                Kind = kindName,
                Since = from,
                Limit = result.GetValue(limit),
            };
            SearchResult found;
            try
            {
                using var searcher = MessageSearcher.Open(folder);
                found = searcher.Search(request);
            }
            catch (SearchQueryException ex)
            {
                return Usage(TerminalText.Safe(ex.Message));
            }
            catch (SearchIndexMissingException ex)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Failure;
            }
            if (result.GetValue(common.Json)) console.Out.WriteLine(Json(request, found).ToJsonString(JsonOutput.Indented));
            else Render(found, quiet);
            return ExitCodes.Success;
        });
        return command;
    }

    private static readonly string[] IndexedKindNames = [.. SearchIndexedKinds.All.Select(MessageKindNames.ToName)];

    private int Usage(string message)
    {
        console.Error.WriteLine($"error: {message}");
        return ExitCodes.Usage;
    }

    /// <summary>Builds the index again; an exit code when the warehouse cannot be opened or the index written, else null.</summary>
    private async Task<int?> ReindexAsync(ParseResult result, string folder, bool quiet, CancellationToken cancellationToken)
    {
        var (warehouse, _, failure) = await new WritingWarehouse(common, console, environment).OpenAsync(result, "Pass --db.", cancellationToken);
        if (warehouse is null) return failure;
        await using (warehouse)
        {
            try
            {
                var rebuilt = await new SearchIndexUpkeep(warehouse, folder).RunAsync(rebuild: true, cancellationToken);
                if (!quiet)
                    console.Error.WriteLine($"Rebuilt the search index at {TerminalText.Safe(folder)}: {rebuilt.DocumentsAdded:N0} documents from {rebuilt.FilesIndexed:N0} files, {rebuilt.IndexBytes / 1048576.0:0.0} MB.");
                return null;
            }
            catch (Exception ex) when (ex is WarehouseQueryException or IOException)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
                return ExitCodes.Failure;
            }
        }
    }

    private void Render(SearchResult found, bool quiet)
    {
        int rank = 0;
        foreach (var hit in found.Hits)
        {
            rank++;
            var time = hit.Time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "(no time)";
            var corrected = hit.MatchedCorrectedText ? " · in its corrected text" : "";
            console.Ansi.MarkupLine($"[bold]{rank}.[/] {TerminalText.Markup(hit.Kind)} · {time} · {TerminalText.Markup(hit.Project)} · session {TerminalText.Markup(hit.SessionId ?? "(none)")}{corrected}");
            console.Ansi.MarkupLine("   " + Highlighted(hit.Snippet));
        }
        if (!quiet)
            console.Error.WriteLine(found.TotalHits > found.Hits.Count
                ? $"{found.TotalHits:N0} messages match ({found.Hits.Count:N0} shown; --limit for more), {found.Elapsed.TotalMilliseconds:0} ms"
                : $"{found.TotalHits:N0} messages match, {found.Elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>The snippet as Spectre markup: every part made terminal-safe and escaped, the matches in bold yellow.</summary>
    internal static string Highlighted(SearchSnippet snippet)
    {
        var markup = new StringBuilder();
        int at = 0;
        foreach (var match in snippet.Matches)
        {
            markup.Append(TerminalText.Markup(snippet.Text[at..match.Start]));
            markup.Append("[bold yellow]").Append(TerminalText.Markup(snippet.Text.Substring(match.Start, match.Length))).Append("[/]");
            at = match.Start + match.Length;
        }
        return markup.Append(TerminalText.Markup(snippet.Text[at..])).ToString();
    }

    private static JsonObject Json(SearchRequest request, SearchResult found)
    {
        var hits = new JsonArray();
        foreach (var hit in found.Hits)
        {
            var matches = new JsonArray();
            foreach (var match in hit.Snippet.Matches) matches.Add((JsonNode)new JsonObject { ["start"] = match.Start, ["length"] = match.Length });
            hits.Add((JsonNode)new JsonObject
            {
                ["score"] = Math.Round(hit.Score, 4),
                ["kind"] = hit.Kind,
                ["project"] = hit.Project,
                ["session_id"] = hit.SessionId,
                ["agent"] = hit.Agent,
                ["time"] = hit.Time?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["file_id"] = hit.FileId,
                ["line_no"] = hit.LineNo,
                ["block_index"] = hit.BlockIndex,
                ["snippet"] = hit.Snippet.Text,
                ["matches"] = matches,
                ["matched_corrected_text"] = hit.MatchedCorrectedText,
            });
        }
        return new JsonObject
        {
            ["query"] = request.Query,
            ["total_hits"] = found.TotalHits,
            ["elapsed_ms"] = Math.Round(found.Elapsed.TotalMilliseconds, 1),
            ["hits"] = hits,
        };
    }
}
