using System.Net;
using Hindsight.Sampling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hindsight.Simulator;

/// <summary>
/// A local stand-in for the hosted LLM APIs (OpenAI, Gemini's OpenAI-compatible endpoint) on
/// 127.0.0.1: it speaks their chat-completions wire format, corrects typos from the shared typo
/// table instead of running a model, and can be told to be slow, rate-limited and faulty.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly RequestJournal _journal;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private SimulatorServer(WebApplication app, RequestJournal journal, CancellationTokenSource stopping, SimulatorStats stats, Uri root)
    {
        _app = app;
        _journal = journal;
        _stopping = stopping;
        Stats = stats;
        BaseUrl = new Uri(root, SimulatorRoutes.OpenAiRoot);
        GeminiBaseUrl = new Uri(root, SimulatorRoutes.GeminiRoot);
    }

    /// <summary>OpenAI-style base URL, http://127.0.0.1:&lt;port&gt;/v1/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Gemini-style base URL, http://127.0.0.1:&lt;port&gt;/v1beta/openai/.</summary>
    public Uri GeminiBaseUrl { get; }

    /// <summary>Live, thread-safe counters.</summary>
    public SimulatorStats Stats { get; }

    /// <summary>Starts a simulator on 127.0.0.1 and returns once it accepts connections.</summary>
    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        OptionsValidation.Validate(options);
        var corrector = new TypoCorrector(await TypoTable.LoadEmbeddedAsync(cancellationToken));
        var stats = new SimulatorStats();
        var stopping = new CancellationTokenSource();
        var journal = RequestJournal.Open(options.LogPath, options.ReceivedRequestsKept);
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.AddServerHeader = false;
            });
            builder.Services.AddRoutingCore();
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownGrace);
            app = builder.Build();

            var time = TimeProvider.System;
            var recorder = new ResponseRecorder(journal);
            var apiKey = new ApiKeyCheck(options.RequiredApiKey);
            var limiter = new RollingWindowRateLimiter(options.RequestsPerMinute, options.TokensPerMinute, time);
            var chat = new ChatCompletionsEndpoint(options, stats, recorder, apiKey, corrector, limiter, time, stopping.Token);
            new SimulatorRoutes(chat, recorder, apiKey, time).Map(app);

            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new SimulatorServer(app, journal, stopping, stats, new Uri(address));
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await journal.DisposeAsync();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>A snapshot of the most recent requests (see <see cref="SimulatorOptions.ReceivedRequestsKept"/>), in the order they were answered.</summary>
    public IReadOnlyList<ReceivedRequest> ReceivedRequests() => _journal.Snapshot();

    /// <summary>Ends held and delayed requests, stops listening, and flushes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _journal.DisposeAsync();
        _stopping.Dispose();
    }
}
