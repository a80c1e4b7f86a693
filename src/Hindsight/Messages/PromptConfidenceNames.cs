using System.Collections.Frozen;

namespace Hindsight.Messages;

/// <summary>The names under which confidences are stored in <c>messages.confidence</c> and typed on the command line: the one mapping.</summary>
public static class PromptConfidenceNames
{
    /// <summary>The stored name of <paramref name="confidence"/> (a literal: no allocation on stage 2's per-row path).</summary>
    public static string ToName(this PromptConfidence confidence) => confidence switch
    {
        PromptConfidence.High => "high",
        PromptConfidence.Medium => "medium",
        PromptConfidence.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "unknown confidence"),
    };

    private static readonly FrozenDictionary<string, PromptConfidence> ByName =
        Enum.GetValues<PromptConfidence>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored or typed name; false for anything else.</summary>
    public static bool TryParse(string? name, out PromptConfidence confidence) =>
        ByName.TryGetValue(name ?? "", out confidence);

    /// <summary>Parses a stored name.</summary>
    public static PromptConfidence Parse(string name) =>
        TryParse(name, out var confidence) ? confidence : throw new FormatException($"'{name}' is not a confidence");

    /// <summary>The rank compared with <c>$min_rank</c>: higher is surer.</summary>
    public static int Rank(this PromptConfidence confidence) => (int)confidence;

    /// <summary>
    /// A SQL expression giving the rank of the stored confidence in <paramref name="column"/> (0 for none), built from
    /// the names above; <paramref name="column"/> is a column name from code, never input.
    /// </summary>
    public static string SqlRank(string column) =>
        $"CASE {column} "
        + string.Concat(Enum.GetValues<PromptConfidence>().OrderByDescending(Rank).Select(c => $"WHEN '{c.ToName()}' THEN {c.Rank()} "))
        + "ELSE 0 END";
}
