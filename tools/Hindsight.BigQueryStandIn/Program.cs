using System.CommandLine;
using Hindsight.BigQueryStandIn;

// A stand-in of BigQuery's REST API on 127.0.0.1 until Ctrl+C: prints its URL and the service-account file it wrote.
var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: a free one).", DefaultValueFactory = _ => 0 };
var dir = new Option<string>("--dir") { Description = "Where the service-account file, the request log and the loaded tables go.", Required = true };
var fault = new Option<string[]>("--fault") { Description = "A fault to inject, KIND[:TIMES[:TABLE]] (repeatable): backendError, internalError, rateLimitExceeded, quotaExceeded, invalid, notFound, accessDenied, slow, drop-upload." };
var polls = new Option<int>("--running-polls") { Description = "Polls a load job answers RUNNING before DONE.", DefaultValueFactory = _ => 1 };
var command = new RootCommand("A stand-in of Google BigQuery's REST API (not BigQuery) for Hindsight's tests.") { port, dir, fault, polls };
command.SetAction(async (result, cancellationToken) =>
{
    await using var server = await StandInServer.StartAsync(new StandInOptions
    {
        Port = result.GetValue(port),
        StateDirectory = result.GetValue(dir)!,
        Faults = (result.GetValue(fault) ?? []).Select(Fault.Parse).ToList(),
        RunningPolls = result.GetValue(polls),
    }, cancellationToken);
    Console.WriteLine($"BigQuery stand-in on {server.BaseUrl} (service account: {server.ServiceAccountPath}; request log: {server.RequestLogPath})");
    try
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
    catch (OperationCanceledException)
    {
    }
    return 0;
});
return await command.Parse(args).InvokeAsync();
