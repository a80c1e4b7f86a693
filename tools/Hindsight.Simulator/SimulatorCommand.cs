using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Hindsight.Simulator;

/// <summary>The simulator's command line: options in, a running server out, until Ctrl+C.</summary>
internal static class SimulatorCommand
{
    private const string ApiKeyVariable = "HINDSIGHT_SIMULATOR_API_KEY";

    public static RootCommand Create()
    {
        var port = Option("--port", "TCP port on 127.0.0.1 (0 = any free port).", 8787);
        var rpm = Option("--rpm", "Requests per rolling minute (0 = unlimited).", 0);
        var tpm = Option("--tpm", "Prompt + completion tokens per rolling minute (0 = unlimited).", 0L);
        var latencyMedian = Option("--latency-median-ms", "Median added latency in ms (lognormal; 0 = none).", 0.0);
        var latencySigma = Option("--latency-sigma", "Sigma of the lognormal latency.", 0.5);
        var fault429 = Option("--fault-429", "Rate of simulated 429 answers.", 0.0);
        var fault500 = Option("--fault-500", "Rate of 500/503 answers.", 0.0);
        var faultTimeout = Option("--fault-timeout", "Rate of requests held until --timeout-hold-seconds.", 0.0);
        var faultMalformed = Option("--fault-malformed", "Rate of content that is not valid JSON.", 0.0);
        var faultMissing = Option("--fault-missing-id", "Rate of answers missing one item.", 0.0);
        var faultExtra = Option("--fault-extra-id", "Rate of answers with an id that was not sent.", 0.0);
        var faultDuplicate = Option("--fault-duplicate-id", "Rate of answers repeating one item.", 0.0);
        var faultTamper = Option("--fault-tamper", "Rate of answers with one placeholder altered or dropped.", 0.0);
        var faultRewrite = Option("--fault-rewrite", "Rate of answers with one item rewritten into something else.", 0.0);
        var seed = Option("--seed", "Seed of every random choice.", 1);
        var timeoutHold = Option("--timeout-hold-seconds", "How long the timeout fault holds a request.", 120.0);
        var log = new Option<string?>("--log") { Description = "Append every request to this JSONL file." };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"Require this bearer key (else 401). Also read from {ApiKeyVariable}, which keeps it out of the process list.",
        };

        var command = new RootCommand(
            "Hindsight LLM simulator: a local stand-in for the hosted OpenAI and Gemini (OpenAI-compatible) chat APIs. No model runs here.")
        {
            port, rpm, tpm, latencyMedian, latencySigma,
            fault429, fault500, faultTimeout, faultMalformed, faultMissing, faultExtra, faultDuplicate, faultTamper, faultRewrite,
            seed, timeoutHold, log, apiKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SimulatorOptions
            {
                Port = parse.GetValue(port),
                RequestsPerMinute = parse.GetValue(rpm),
                TokensPerMinute = parse.GetValue(tpm),
                LatencyMedianMs = parse.GetValue(latencyMedian),
                LatencySigma = parse.GetValue(latencySigma),
                Faults = new FaultRates
                {
                    TooManyRequests = parse.GetValue(fault429),
                    ServerError = parse.GetValue(fault500),
                    Timeout = parse.GetValue(faultTimeout),
                    MalformedJson = parse.GetValue(faultMalformed),
                    MissingId = parse.GetValue(faultMissing),
                    ExtraId = parse.GetValue(faultExtra),
                    DuplicateId = parse.GetValue(faultDuplicate),
                    TamperedPlaceholder = parse.GetValue(faultTamper),
                    Rewrite = parse.GetValue(faultRewrite),
                },
                Seed = parse.GetValue(seed),
                TimeoutHold = TimeSpan.FromSeconds(parse.GetValue(timeoutHold)),
                LogPath = parse.GetValue(log),
                RequiredApiKey = parse.GetValue(apiKey) ?? NullIfEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)),
            };
            // Registered here because System.CommandLine 2.0.0's own Ctrl+C / SIGTERM handling did not fire
            // for this command (the process died on the signal, skipping the log flush and the summary).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            return await RunAsync(options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, stop.Token);
        });
        return command;
    }

    private static async Task<int> RunAsync(SimulatorOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SimulatorServer server;
        try
        {
            server = await SimulatorServer.StartAsync(options, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return 2;
        }
        catch (IOException exception)
        {
            await error.WriteLineAsync($"Could not start the simulator: {exception.Message}");
            return 1;
        }
        await using (server)
        {
            await output.WriteLineAsync("Hindsight LLM simulator: a local stand-in for the hosted OpenAI / Gemini APIs (no real model).");
            await output.WriteLineAsync($"OpenAI-style base URL: {server.BaseUrl}");
            await output.WriteLineAsync($"Gemini-style base URL: {server.GeminiBaseUrl}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Limits: {Describe(options.RequestsPerMinute)} requests/min, {Describe(options.TokensPerMinute)} tokens/min; latency median {options.LatencyMedianMs} ms, sigma {options.LatencySigma}; seed {options.Seed}"));
            await output.WriteLineAsync($"API key required: {(options.RequiredApiKey is null ? "no" : "yes")}; log: {options.LogPath ?? "(none)"}");
            await output.WriteLineAsync("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop.
            }
            var stats = server.Stats;
            await output.WriteLineAsync(
                $"Stopped after {stats.Requests} requests: {stats.Succeeded} succeeded, {stats.RateLimited} rate-limited, " +
                $"{stats.ServerErrors} server errors, {stats.TimedOut} timed out, " +
                $"{stats.MalformedJson + stats.MissingId + stats.ExtraId + stats.DuplicateId + stats.TamperedPlaceholder + stats.Rewrite} faulty answers; " +
                $"{stats.PromptTokens} prompt + {stats.CompletionTokens} completion tokens.");
        }
        return 0;
    }

    private static Option<T> Option<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    private static string Describe(long limit) => limit == 0 ? "unlimited" : limit.ToString(CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
