namespace Hindsight.Simulator;

/// <summary>The snake_case names under which faults appear in the log and in <see cref="ReceivedRequest.Fault"/>.</summary>
internal static class FaultNames
{
    public const string RequestsPerMinuteLimit = "rate_limit_rpm";
    public const string TokensPerMinuteLimit = "rate_limit_tpm";

    public static string? Of(FaultKind fault) => fault switch
    {
        FaultKind.None => null,
        FaultKind.TooManyRequests => "too_many_requests",
        FaultKind.ServerError => "server_error",
        FaultKind.Timeout => "timeout",
        FaultKind.MalformedJson => "malformed_json",
        FaultKind.MissingId => "missing_id",
        FaultKind.ExtraId => "extra_id",
        FaultKind.DuplicateId => "duplicate_id",
        FaultKind.TamperedPlaceholder => "tampered_placeholder",
        FaultKind.Rewrite => "rewrite",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault kind."),
    };
}
