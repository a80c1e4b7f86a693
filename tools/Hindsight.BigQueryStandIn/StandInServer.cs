using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hindsight.BigQueryStandIn;

/// <summary>
/// A stand-in of Google BigQuery's REST API on 127.0.0.1 (not BigQuery: no BigQuery can be reached from where this
/// project is built and tested). It issues tokens for the service account it writes, keeps datasets and tables, takes
/// load jobs by multipart and resumable upload and really loads them into its own DuckDB, runs reads back, and injects
/// the faults it is told to. See README.md for what it models and what it does not.
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    public const string ServiceAccountFileName = "service-account.json";
    public const string RequestLogFileName = "requests.jsonl";
    public const string DatabaseFileName = "standin.duckdb";

    private readonly WebApplication _app;
    private readonly TableStore _tables;
    private readonly RequestLog _log;
    private int _disposed;

    private StandInServer(WebApplication app, Uri root, ServiceAccount account, TableStore tables, JobStore jobs, PendingFaults faults, SecretStore secrets, RequestLog log, string serviceAccountPath)
    {
        _app = app;
        _tables = tables;
        _log = log;
        BaseUrl = root;
        Account = account;
        Jobs = jobs;
        Faults = faults;
        Secrets = secrets;
        ServiceAccountPath = serviceAccountPath;
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/: BigQuery's root (<c>bigquery/v2/</c>, <c>upload/bigquery/v2/</c>), the token endpoint (<c>token</c>), Secret Manager (<c>v1/</c>).</summary>
    public Uri BaseUrl { get; }

    public ServiceAccount Account { get; }
    public JobStore Jobs { get; }
    public PendingFaults Faults { get; }
    public SecretStore Secrets { get; }
    public string ServiceAccountPath { get; }
    public string RequestLogPath => _log.Path;

    /// <summary>Starts a stand-in and returns once it accepts connections, its service-account file written.</summary>
    public static async Task<StandInServer> StartAsync(StandInOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.StateDirectory);
        var uploads = Path.Combine(options.StateDirectory, "uploads");
        Directory.CreateDirectory(uploads);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        var app = builder.Build();
        var faults = new PendingFaults(options.Faults);
        var tables = new TableStore(Path.Combine(options.StateDirectory, DatabaseFileName));
        var jobs = new JobStore(tables, faults, options.RunningPolls, uploads);
        var secrets = new SecretStore();
        var log = new RequestLog(Path.Combine(options.StateDirectory, RequestLogFileName));
        // The routes need the account, whose token URI needs the port: the handler reads it once the server listens.
        ServiceAccount? account = null;
        var routes = new StandInRoutes(() => account!, tables, jobs, faults, secrets, log);
        app.Run(routes.HandleAsync);
        await app.StartAsync(cancellationToken);
        var root = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");
        account = new ServiceAccount(options.ProjectId, new Uri(root, "token"));
        var keyFile = Path.Combine(options.StateDirectory, ServiceAccountFileName);
        await File.WriteAllTextAsync(keyFile, account.ToJson(), Encoding.UTF8, cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new StandInServer(app, root, account, tables, jobs, faults, secrets, log, keyFile);
    }

    /// <summary>A query run as a client's would be (for tests): column names, rows of text values.</summary>
    public async Task<List<string?[]>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await Jobs.SettleAsync(cancellationToken);
        return (await _tables.QueryAsync(sql, cancellationToken)).Rows;
    }

    /// <summary>A table or view's resource as tables.get answers it (for tests: schema, partitioning, a view's SQL).</summary>
    public JsonObject Table(string project, string dataset, string table) => _tables.GetTable(project, dataset, table);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _tables.Dispose();
        _log.Dispose();
        Account.Dispose();
    }

    /// <summary>An embedded server must not take over its owner's Ctrl+C handling; its owner stops it by disposing it.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
