using System.Collections.Frozen;

namespace Hindsight.Stages.Discover;

/// <summary>The names under which verdicts are stored (stage 0's metrics, the manifest's <c>decision</c>) and shown: the one mapping.</summary>
public static class GoNoGoVerdictNames
{
    /// <summary>The stored name of <paramref name="verdict"/>.</summary>
    public static string ToName(this GoNoGoVerdict verdict) => verdict switch
    {
        GoNoGoVerdict.Go => "GO",
        GoNoGoVerdict.Caution => "CAUTION",
        GoNoGoVerdict.NoGo => "NO-GO",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    private static readonly FrozenDictionary<string, GoNoGoVerdict> ByName =
        Enum.GetValues<GoNoGoVerdict>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name.</summary>
    public static GoNoGoVerdict Parse(string name) =>
        ByName.TryGetValue(name, out var verdict) ? verdict : throw new FormatException($"'{name}' is not a GO / NO-GO verdict");
}
