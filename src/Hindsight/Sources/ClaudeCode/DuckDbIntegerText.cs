using System.Globalization;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// DuckDB's <c>TRY_CAST(text AS BIGINT)</c> for the texts a JSON value gives (<c>json_extract_string</c>): surrounding
/// whitespace is ignored, a sign is allowed, a decimal or exponent form is rounded half away from zero, and anything
/// else, or a value outside 64 bits, is no number. Stage 2 cast copied token counts this way in SQL; stage 1 reads them
/// now, and must give the same counts. Not covered: DuckDB's hexadecimal, binary and underscore-grouped integer
/// literals (<c>0x10</c>, <c>0b11</c>, <c>1_000</c>), which no transcript writes as a token count.
/// </summary>
public static class DuckDbIntegerText
{
    public static long? TryCast(string? text)
    {
        if (text is null) return null;
        var trimmed = text.AsSpan().Trim();
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number))
            return null;
        var rounded = decimal.Round(number, MidpointRounding.AwayFromZero);
        return rounded is >= long.MinValue and <= long.MaxValue ? (long)rounded : null;
    }
}
