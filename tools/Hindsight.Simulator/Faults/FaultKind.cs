namespace Hindsight.Simulator;

/// <summary>The ways the simulator can misbehave, in the order their rates are stacked.</summary>
internal enum FaultKind
{
    None,
    TooManyRequests,
    ServerError,
    Timeout,
    MalformedJson,
    MissingId,
    ExtraId,
    DuplicateId,
    TamperedPlaceholder,
    Rewrite,
}
