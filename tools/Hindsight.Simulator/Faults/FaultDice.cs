namespace Hindsight.Simulator;

/// <summary>Turns one uniform draw into at most one fault, each with exactly its configured rate.</summary>
internal static class FaultDice
{
    public static FaultKind Roll(FaultRates rates, double draw)
    {
        ReadOnlySpan<(FaultKind Kind, double Rate)> stacked =
        [
            (FaultKind.TooManyRequests, rates.TooManyRequests),
            (FaultKind.ServerError, rates.ServerError),
            (FaultKind.Timeout, rates.Timeout),
            (FaultKind.MalformedJson, rates.MalformedJson),
            (FaultKind.MissingId, rates.MissingId),
            (FaultKind.ExtraId, rates.ExtraId),
            (FaultKind.DuplicateId, rates.DuplicateId),
            (FaultKind.TamperedPlaceholder, rates.TamperedPlaceholder),
            (FaultKind.Rewrite, rates.Rewrite),
        ];
        var ceiling = 0.0;
        foreach (var (kind, rate) in stacked)
        {
            ceiling += rate;
            if (draw < ceiling)
            {
                return kind;
            }
        }
        return FaultKind.None;
    }
}
