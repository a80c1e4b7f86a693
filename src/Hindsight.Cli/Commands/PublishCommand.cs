using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Cli.Output;
using Hindsight.Destinations;
using Hindsight.Destinations.BigQuery;
using Hindsight.Runs;
using Hindsight.Warehouse;
using Spectre.Console;

namespace Hindsight.Cli.Commands;

/// <summary>
/// `hindsight publish bigquery --project P --dataset D`: the warehouse's tables into BigQuery by free batch load jobs,
/// each changed day partition replaced exactly, recorded in the ledger publish_loads and as a run in `runs`.
/// </summary>
public sealed class PublishCommand(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    public const string EndpointVariable = "HINDSIGHT_BIGQUERY_ENDPOINT";

    private static readonly string ProgramVersion = System.Reflection.CustomAttributeExtensions
        .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(PublishCommand).Assembly)?.InformationalVersion ?? "unknown";

    public Command Create()
    {
        var command = new Command("publish", "Send the warehouse's tables to a hosted warehouse.");
        CommonOptions.AddTo(command, [common.Db, common.Json, common.Quiet, common.MemoryLimit, common.Wait]);
        command.Subcommands.Add(CreateBigQuery());
        return command;
    }

    private Command CreateBigQuery()
    {
        var project = new Option<string>("--project") { Description = "The Google Cloud project that holds the dataset.", Required = true, HelpName = "P" };
        var dataset = new Option<string>("--dataset") { Description = "The BigQuery dataset (created if missing).", Required = true, HelpName = "D" };
        var location = new Option<string?>("--location") { Description = "The dataset's location when it is created (BigQuery's default otherwise).", HelpName = "L" };
        var credentials = new Option<string?>("--credentials") { Description = "A Google credentials JSON file (a service-account key ...). Default: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud).", HelpName = "FILE" };
        var tables = new Option<string[]>("--table")
        {
            Description = $"A table to publish (repeatable): {string.Join(", ", DestinationTables.Names)}. Default: all but the raw archive (records, content_blocks).",
            HelpName = "T",
            AllowMultipleArgumentsPerToken = false,
        };
        var includeRaw = new Option<bool>("--include-raw") { Description = "Also publish the raw archive (records, content_blocks) when no --table is given." };
        var endpoint = new Option<string?>("--endpoint") { Description = $"Send every BigQuery call to this URL instead of Google's (an emulator, the stand-in). Default: ${EndpointVariable}, else {BigQueryClient.GoogleEndpoint}.", HelpName = "URL" };
        var machine = new Option<string?>("--machine-id") { Description = "This machine's id, part of every load job id (and, with --mode team, of its tables' names). Default: the host name.", HelpName = "ID" };
        var mode = new Option<string>("--mode")
        {
            Description = "single: tables named as the warehouse's. team: each machine loads its own tables, <table>__<machine>, and a view <table> unions all machines'.",
            DefaultValueFactory = _ => "single",
            HelpName = "single|team",
        };
        mode.AcceptOnlyFromAmong("single", "team");
        var budget = new Option<int>("--budget")
        {
            Description = "Load jobs allowed per table in 24 hours; partitions beyond it wait for a later publish (BigQuery's own limit is 1,500).",
            DefaultValueFactory = _ => PublishTarget.DefaultBudget,
            HelpName = "N",
        };
        budget.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--budget must be at least 1."); });
        var command = new Command("bigquery", "Each changed day partition as one free batch load job (table$YYYYMMDD, WRITE_TRUNCATE); nothing changed, no job.")
        {
            project, dataset, location, credentials, tables, includeRaw, endpoint, machine, mode, budget, common.DryRun,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var selected = DestinationTables.Select(result.GetValue(tables) ?? [], result.GetValue(includeRaw), out var unknown);
            if (selected is null)
            {
                console.Error.WriteLine($"error: --table {TerminalText.Safe(unknown!)} is not a table publish knows; one of: {string.Join(", ", DestinationTables.Names)}.");
                return ExitCodes.Usage;
            }
            if (PublishTarget.IdError(result.GetValue(project)!, result.GetValue(dataset)!) is { } idError)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(idError)}.");
                return ExitCodes.Usage;
            }
            var url = result.GetValue(endpoint) ?? environment(EndpointVariable);
            Uri? baseUri = BigQueryClient.GoogleEndpoint;
            if (url is not null && (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out baseUri) || baseUri.Scheme is not ("http" or "https")))
            {
                console.Error.WriteLine($"error: --endpoint {TerminalText.Safe(url)} is not an http(s) URL.");
                return ExitCodes.Usage;
            }
            var target = new PublishTarget(result.GetValue(project)!, result.GetValue(dataset)!, result.GetValue(location),
                result.GetValue(machine) ?? Environment.MachineName, result.GetValue(budget), result.GetValue(common.DryRun), result.GetValue(mode) == "team");
            var (credential, credentialError) = await BigQueryCredentials.ResolveAsync(result.GetValue(credentials), environment, cancellationToken);
            if (credential is null)
            {
                console.Error.WriteLine($"error: {TerminalText.Safe(credentialError!)}.");
                return ExitCodes.Usage;
            }
            var (warehouse, db, failure) = await new WritingWarehouse(common, console, environment).OpenAsync(result, "Run `hindsight run` first, or pass --db.", cancellationToken);
            if (warehouse is null) return failure;
            using var http = new HttpClient();
            var client = new BigQueryClient(http, baseUri!, target.Project, BigQueryCredentials.Tokens(credential));
            var folder = Path.Combine(db + ".publish", SafeFolder(target.Project + "." + target.Dataset));
            PublishResult publish;
            await using (warehouse)
            {
                var runId = Guid.NewGuid();
                var tracker = target.DryRun ? null : new WarehouseRunTracker(warehouse, runId, ProgramVersion);
                if (tracker is not null)
                    await tracker.StartRunAsync(DestinationTables.PublishRunCommand, new JsonObject
                    {
                        ["destination"] = target.Destination, ["machine_id"] = target.MachineId, ["budget"] = target.Budget, ["team"] = target.Team,
                        ["tables"] = new JsonArray(selected.Select(t => (JsonNode)t.Name).ToArray()),
                    }, cancellationToken);
                try
                {
                    publish = await new BigQueryPublisher(warehouse, client, folder).PublishAsync(target, selected, runId, cancellationToken);
                }
                catch (Exception ex) when (ex is BigQueryException or HttpRequestException or WarehouseQueryException or IOException or InvalidOperationException)
                {
                    var message = ex is BigQueryException bq ? $"BigQuery answered {bq.Reason}: {bq.Message}" : ex.Message;
                    if (tracker is not null) await tracker.FinishRunAsync(StageStatus.Failed, message, CancellationToken.None);
                    console.Error.WriteLine($"error: publish stopped: {TerminalText.Safe(message)}. Partitions loaded so far are complete; the next publish sends the rest.");
                    return ExitCodes.Failure;
                }
                if (tracker is not null)
                    await tracker.FinishRunAsync(publish.Failure is null ? StageStatus.Succeeded : StageStatus.Failed,
                        publish.Failure is { } f ? $"{f.Table} {f.Partition}: {f.Reason}: {f.Message}" : null, CancellationToken.None);
            }
            Render(publish, result.GetValue(common.Json), result.GetValue(common.Quiet));
            if (publish.Failure is { } failed)
            {
                console.Error.WriteLine($"error: the load of {failed.Table} {Partition(failed.Partition)} failed: BigQuery answered {TerminalText.Safe(failed.Reason ?? "")}: {TerminalText.Safe(failed.Message ?? "")} (job {failed.JobId}).");
                return ExitCodes.Failure;
            }
            if (publish.RetryAfter is { } after)
            {
                var first = publish.Deferred.First();
                console.Error.WriteLine($"warning: {publish.Deferred.Count():N0} partitions were not sent ({TerminalText.Safe(first.Reason ?? "")}: {TerminalText.Safe(first.Message ?? "")}); publish again after {after.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
                return ExitCodes.PartialInput;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Partition(string key) => key.Length == 0 ? "(whole table)" : key;

    private static string SafeFolder(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));

    private void Render(PublishResult publish, bool json, bool quiet)
    {
        if (json)
        {
            console.Out.WriteLine(new JsonObject
            {
                ["run_id"] = publish.RunId.ToString(),
                ["destination"] = publish.Target.Destination,
                ["dry_run"] = publish.Target.DryRun,
                ["jobs"] = publish.Jobs,
                ["unchanged"] = publish.Unchanged,
                ["deferred"] = publish.Deferred.Count(),
                ["retry_after"] = publish.RetryAfter?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["jobs_left"] = new JsonObject(publish.JobsLeft.Select(j => KeyValuePair.Create(j.Key, (JsonNode?)j.Value))),
                ["partitions"] = new JsonArray(publish.Partitions.Select(p => (JsonNode)new JsonObject
                {
                    ["table"] = p.Table, ["partition"] = p.Partition, ["rows"] = p.Rows, ["bytes"] = p.Bytes, ["job_id"] = p.JobId,
                    ["state"] = p.State, ["reason"] = p.Reason, ["message"] = p.Message, ["output_rows"] = p.OutputRows,
                }).ToArray()),
            }.ToJsonString(JsonOutput.Indented));
            return;
        }
        if (quiet) return;
        if (publish.Partitions.Count > 0)
        {
            var view = new Table().Border(TableBorder.Rounded).AddColumn("table").AddColumn("partition")
                .AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("bytes").RightAligned()).AddColumn("state");
            foreach (var p in publish.Partitions)
                view.AddRow(Markup.Escape(p.Table), Markup.Escape(Partition(p.Partition)), N(p.Rows), N(p.Bytes), Markup.Escape(p.State));
            console.Ansi.Write(view);
        }
        console.Out.WriteLine(publish.Target.DryRun
            ? $"Dry run: would load {publish.Partitions.Count(p => p.State == "planned"):N0} partitions into {publish.Target.Destination} ({publish.Unchanged:N0} unchanged); nothing sent."
              + (publish.JobsLeft.Count == 0 ? "" : " Jobs the budget would still allow in 24 h: " + string.Join(", ", publish.JobsLeft.Select(j => $"{j.Key} {j.Value:N0}")) + ".")
            : publish.Jobs == 0 && publish.Partitions.Count == 0
                ? $"Nothing changed since the last publish into {publish.Target.Destination}: no load job."
                : $"{publish.Jobs:N0} load jobs into {publish.Target.Destination} ({publish.Partitions.Count(p => p.State == "done"):N0} partitions loaded, {publish.Unchanged:N0} unchanged); run {publish.RunId}.");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
