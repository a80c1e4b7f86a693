using System.Collections.Frozen;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>The snake_case names under which dead-letter reasons are stored in <c>dead_letters.reason</c> and counted: the one mapping.</summary>
public static class DeadLetterReasonNames
{
    /// <summary>The stored name of <paramref name="reason"/> (a literal: no allocation on stage 1's path).</summary>
    public static string ToName(this DeadLetterReason reason) => reason switch
    {
        DeadLetterReason.InvalidJson => "invalid_json",
        DeadLetterReason.NotAnObject => "not_an_object",
        DeadLetterReason.MissingType => "missing_type",
        DeadLetterReason.InvalidUtf8 => "invalid_utf8",
        DeadLetterReason.LineTooLong => "line_too_long",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown dead-letter reason"),
    };

    private static readonly FrozenDictionary<string, DeadLetterReason> ByName =
        Enum.GetValues<DeadLetterReason>().ToFrozenDictionary(ToName, StringComparer.Ordinal);

    /// <summary>Parses a stored name.</summary>
    public static DeadLetterReason Parse(string name) =>
        ByName.TryGetValue(name, out var reason) ? reason : throw new FormatException($"'{name}' is not a dead-letter reason");
}
