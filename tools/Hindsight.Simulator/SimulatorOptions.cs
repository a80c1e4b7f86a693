namespace Hindsight.Simulator;

/// <summary>How a <see cref="SimulatorServer"/> behaves: port, latency, quotas, faults, logging, key.</summary>
public sealed record SimulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Median of the lognormal latency added to each answer, in milliseconds; 0 adds none.</summary>
    public double LatencyMedianMs { get; init; }

    /// <summary>Sigma (standard deviation of the log) of the latency distribution.</summary>
    public double LatencySigma { get; init; } = 0.5;

    /// <summary>Requests admitted per rolling 60-second window; 0 = unlimited.</summary>
    public int RequestsPerMinute { get; init; }

    /// <summary>Prompt plus completion tokens admitted per rolling 60-second window; 0 = unlimited.</summary>
    public long TokensPerMinute { get; init; }

    /// <summary>Fault probabilities per request.</summary>
    public FaultRates Faults { get; init; } = new();

    /// <summary>Seed of every random choice (faults, latency, which item a fault hits).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>When set, every request is appended to this file as one JSON line.</summary>
    public string? LogPath { get; init; }

    /// <summary>When set, requests without "Authorization: Bearer &lt;this key&gt;" get 401.</summary>
    public string? RequiredApiKey { get; init; }

    /// <summary>How long the Timeout fault holds a request before answering 504.</summary>
    public TimeSpan TimeoutHold { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How many of the most recent requests <see cref="SimulatorServer.ReceivedRequests"/> keeps in memory
    /// (an addition to the shared contract: at 4,000 requests a minute an unbounded list would grow by
    /// gigabytes an hour). The log file always gets every request.
    /// </summary>
    public int ReceivedRequestsKept { get; init; } = 10_000;
}
