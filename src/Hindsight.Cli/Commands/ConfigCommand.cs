using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.Json;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Sources;
using Hindsight.Search;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>`hindsight config`: each resolved setting and where its value came from.</summary>
public sealed class ConfigCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    public Command Create()
    {
        var command = new Command("config", "Show the resolved database, manifest and source folders, and where each value came from.");
        CommonOptions.AddTo(command, [common.Source, common.Db, common.Manifest, common.Json]);
        command.SetAction(result =>
        {
            var s = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), result.GetValue(common.Manifest), result.GetValue(common.Source));
            if (result.GetValue(common.Json))
            {
                var json = new JsonObject
                {
                    ["database"] = new JsonObject { ["value"] = s.Database.Value, ["origin"] = s.Database.Origin },
                    ["manifest"] = new JsonObject { ["value"] = s.Manifest.Value, ["origin"] = s.Manifest.Origin },
                    ["search_index"] = new JsonObject { ["value"] = SearchIndexLocation.ForDatabase(s.Database.Value), ["origin"] = "beside the database" },
                    ["sources"] = new JsonObject
                    {
                        ["value"] = new JsonArray(s.Sources.Value.Select(v => (JsonNode?)v).ToArray()),
                        ["origin"] = s.Sources.Origin,
                        ["candidates"] = new JsonArray(s.SourceCandidates.Select(v => (JsonNode?)v).ToArray()),
                    },
                    ["agent_sources"] = new JsonObject
                    {
                        ["value"] = new JsonArray(s.AgentSources.Value.Select(f => (JsonNode?)FolderJson(f)).ToArray()),
                        ["origin"] = s.AgentSources.Origin,
                        ["candidates"] = new JsonArray(s.AgentCandidates.Select(f => (JsonNode?)FolderJson(f)).ToArray()),
                    },
                    ["notes"] = new JsonArray(s.Notices.Select(v => (JsonNode?)v).ToArray()),
                };
                console.Out.WriteLine(json.ToJsonString(JsonOutput.Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("setting").AddColumn("value").AddColumn("from");
            table.AddRow("database", TerminalText.Markup(s.Database.Value), TerminalText.Markup(s.Database.Origin));
            table.AddRow("manifest", TerminalText.Markup(s.Manifest.Value), TerminalText.Markup(s.Manifest.Origin));
            table.AddRow("search index", TerminalText.Markup(SearchIndexLocation.ForDatabase(s.Database.Value)), "beside the database");
            table.AddRow("sources", TerminalText.Markup(s.Sources.Value.Count == 0 ? "(none found)" : string.Join("\n", s.Sources.Value)), TerminalText.Markup(s.Sources.Origin));
            table.AddRow("source candidates", TerminalText.Markup(string.Join("\n", s.SourceCandidates)), "default order");
            // The other agents' folders, one row per agent: what is read, and where each default would come from.
            foreach (var agent in s.AgentCandidates.Select(f => f.Agent).Concat(s.AgentSources.Value.Select(f => f.Agent)).Distinct())
            {
                var read = s.AgentSources.Value.Where(f => f.Agent == agent).Select(f => f.Path).ToList();
                table.AddRow($"{agent.ToName()} sources", TerminalText.Markup(read.Count == 0 ? "(none found)" : string.Join("\n", read)), TerminalText.Markup(s.AgentSources.Origin));
                var candidates = s.AgentCandidates.Where(f => f.Agent == agent).ToList();
                if (candidates.Count > 0)
                    table.AddRow($"{agent.ToName()} candidates", TerminalText.Markup(string.Join("\n", candidates.Select(f => f.Path))), TerminalText.Markup(string.Join("\n", candidates.Select(f => f.Origin))));
            }
            console.Ansi.Write(table);
            foreach (var notice in s.Notices) console.Out.WriteLine($"note: {notice}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static JsonObject FolderJson(SourceFolder folder) =>
        new() { ["agent"] = folder.Agent.ToName(), ["path"] = folder.Path, ["origin"] = folder.Origin };
}
