using System.Globalization;

namespace Hindsight.Correction.Providers;

/// <summary>
/// Token counts as a provider reports them are untrusted input: they decide the cost and the budget. A count that is
/// missing is estimated (as before); one that is negative, or absurd for the request, is replaced by the estimate and
/// the reason recorded, so a hostile or broken server can neither make a run free nor cost thousands, and a cost is
/// never negative.
/// </summary>
/// <remarks>
/// Absurd: more than <see cref="MaxInputFactor"/> times the estimated prompt (the estimate is UTF-8 bytes / 4; real
/// tokenizers stay within 2x of it) plus <see cref="InputSlack"/> for the provider's own framing; for the completion,
/// more than <see cref="MaxOutputFactor"/> times the estimate of the answer plus <see cref="OutputSlack"/> (room for
/// a model's hidden reasoning tokens); and never above <see cref="HardCap"/>, more than any batch can hold.
/// </remarks>
public static class ReportedUsage
{
    /// <summary>Reported prompt tokens may exceed the estimate by this factor.</summary>
    public const long MaxInputFactor = 10;

    /// <summary>Prompt tokens allowed above the factor.</summary>
    public const long InputSlack = 1_000;

    /// <summary>Reported completion tokens may exceed the estimate of the answer by this factor.</summary>
    public const long MaxOutputFactor = 10;

    /// <summary>Completion tokens allowed above the factor (a model's reasoning tokens are billed as output).</summary>
    public const long OutputSlack = 32_000;

    /// <summary>No call's count is believed above this.</summary>
    public const long HardCap = 1_000_000;

    /// <summary>
    /// The counts to charge: the reported ones when plausible, otherwise the estimates, with the reason (null when the
    /// reported counts were used or none was reported).
    /// </summary>
    public static (long Input, long Output, string? Reason) Validate(long? reportedInput, long? reportedOutput, long estimatedInput, long estimatedOutput)
    {
        estimatedInput = Math.Max(0, estimatedInput);
        estimatedOutput = Math.Max(0, estimatedOutput);
        var (input, inputReason) = Check("prompt", reportedInput, estimatedInput, Math.Min(HardCap, (estimatedInput * MaxInputFactor) + InputSlack));
        var (output, outputReason) = Check("completion", reportedOutput, estimatedOutput, Math.Min(HardCap, (estimatedOutput * MaxOutputFactor) + OutputSlack));
        var reason = (inputReason, outputReason) switch
        {
            (null, null) => null,
            ({ } one, null) => one,
            (null, { } other) => other,
            var (one, other) => $"{one}; {other}",
        };
        return (input, output, reason);
    }

    private static (long Count, string? Reason) Check(string what, long? reported, long estimate, long ceiling)
    {
        if (reported is not { } value) return (estimate, null);
        if (value < 0)
        {
            return (estimate, string.Create(CultureInfo.InvariantCulture,
                $"the provider reported {value:N0} {what} tokens (negative); the estimate of {estimate:N0} was charged"));
        }

        if (value > ceiling)
        {
            return (estimate, string.Create(CultureInfo.InvariantCulture,
                $"the provider reported {value:N0} {what} tokens, more than {ceiling:N0} is plausible for this request; the estimate of {estimate:N0} was charged"));
        }

        return (value, null);
    }
}
