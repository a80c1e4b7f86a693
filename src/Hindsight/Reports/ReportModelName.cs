namespace Hindsight.Reports;

/// <summary>The name a call's model is reported under, following ccusage so that breakdowns line up with its output.</summary>
public static class ReportModelName
{
    public const string Synthetic = "<synthetic>";

    /// <summary>
    /// The model name, with <c>-fast</c> appended for fast-mode calls (ccusage reports them as a model of their own,
    /// since they cost a multiple); null for a call without a model or a <c>&lt;synthetic&gt;</c> one, whose tokens
    /// belong to the row but to no model.
    /// </summary>
    public static string? Of(string? model, string? speed)
    {
        if (string.IsNullOrEmpty(model) || model == Synthetic) return null;
        return string.Equals(speed, "fast", StringComparison.Ordinal) ? model + "-fast" : model;
    }
}
