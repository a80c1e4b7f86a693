namespace Hindsight.Simulator;

/// <summary>Refuses options that cannot describe a server, with a message naming the option.</summary>
internal static class OptionsValidation
{
    private static readonly TimeSpan LongestHold = TimeSpan.FromDays(1);

    public static void Validate(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Faults, nameof(SimulatorOptions.Faults));
        Require(options.Port is >= 0 and <= 65_535, nameof(options.Port), "must be between 0 (any free port) and 65535");
        Require(double.IsFinite(options.LatencyMedianMs) && options.LatencyMedianMs >= 0, nameof(options.LatencyMedianMs), "must be 0 or more");
        Require(double.IsFinite(options.LatencySigma) && options.LatencySigma >= 0, nameof(options.LatencySigma), "must be 0 or more");
        Require(options.RequestsPerMinute >= 0, nameof(options.RequestsPerMinute), "must be 0 (unlimited) or more");
        Require(options.TokensPerMinute >= 0, nameof(options.TokensPerMinute), "must be 0 (unlimited) or more");
        Require(options.TimeoutHold >= TimeSpan.Zero && options.TimeoutHold <= LongestHold, nameof(options.TimeoutHold), "must be between 0 and 1 day");
        Require(options.ReceivedRequestsKept >= 0, nameof(options.ReceivedRequestsKept), "must be 0 or more");
        var faults = options.Faults;
        foreach (var (name, rate) in new[]
        {
            (nameof(faults.TooManyRequests), faults.TooManyRequests),
            (nameof(faults.ServerError), faults.ServerError),
            (nameof(faults.Timeout), faults.Timeout),
            (nameof(faults.MalformedJson), faults.MalformedJson),
            (nameof(faults.MissingId), faults.MissingId),
            (nameof(faults.ExtraId), faults.ExtraId),
            (nameof(faults.DuplicateId), faults.DuplicateId),
            (nameof(faults.TamperedPlaceholder), faults.TamperedPlaceholder),
            (nameof(faults.Rewrite), faults.Rewrite),
        })
        {
            Require(rate is >= 0 and <= 1, $"Faults.{name}", "must be a probability between 0 and 1");
        }
    }

    private static void Require(bool condition, string option, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, $"Simulator option {option} {rule}.");
        }
    }
}
