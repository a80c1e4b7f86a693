namespace Hindsight.Simulator;

/// <summary>
/// Probability per request, each in [0,1], that the simulator misbehaves in one particular way.
/// At most one fault is applied to a request: one uniform draw is compared with the rates stacked in
/// the order of the properties below, so each fault happens at exactly its configured rate as long as
/// the rates add up to 1 or less (past 1, the faults listed last are crowded out).
/// </summary>
public sealed record FaultRates
{
    /// <summary>HTTP 429 with Retry-After, as if the provider's quota were exhausted.</summary>
    public double TooManyRequests { get; init; }

    /// <summary>HTTP 500 or 503 with an OpenAI-style error body.</summary>
    public double ServerError { get; init; }

    /// <summary>Holds the request for <see cref="SimulatorOptions.TimeoutHold"/> (or until the client gives up), then 504.</summary>
    public double Timeout { get; init; }

    /// <summary>HTTP 200 whose content is not valid JSON (truncated, or prose).</summary>
    public double MalformedJson { get; init; }

    /// <summary>Drops one item from the corrections.</summary>
    public double MissingId { get; init; }

    /// <summary>Adds a correction whose id was not sent.</summary>
    public double ExtraId { get; init; }

    /// <summary>Repeats one correction.</summary>
    public double DuplicateId { get; init; }

    /// <summary>Renumbers or drops one placeholder in one correction that has one.</summary>
    public double TamperedPlaceholder { get; init; }

    /// <summary>Replaces one correction with a sentence of different meaning and length, placeholders kept.</summary>
    public double Rewrite { get; init; }
}
