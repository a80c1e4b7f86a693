namespace Hindsight.BigQueryStandIn;

/// <summary>How a stand-in is started.</summary>
public sealed record StandInOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Where the stand-in keeps what it writes: the service-account file (<see cref="StandInServer.ServiceAccountFileName"/>),
    /// the request log (<see cref="StandInServer.RequestLogFileName"/>) and its DuckDB database of loaded tables.
    /// </summary>
    public required string StateDirectory { get; init; }

    /// <summary>The project the service account belongs to.</summary>
    public string ProjectId { get; init; } = "standin-project";

    /// <summary>Faults queued from the start (as the control endpoint queues them).</summary>
    public IReadOnlyList<Fault> Faults { get; init; } = [];

    /// <summary>Polls a job answers RUNNING before it is DONE (a slow-job fault adds to it).</summary>
    public int RunningPolls { get; init; } = 1;
}
