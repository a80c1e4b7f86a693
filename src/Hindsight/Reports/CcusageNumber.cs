using System.Globalization;
using System.Text;

namespace Hindsight.Reports;

/// <summary>
/// Writes costs the way ccusage 20 prints them, so that its output and Hindsight's read alike: the shortest
/// round-trip digits laid out by Rust's ryu rules (<c>0.60896205</c>, <c>0.000029999999999999997</c>, <c>1e-6</c>,
/// <c>3.0</c>), except that a row's or the totals' integral <c>totalCost</c> prints as an integer (<c>1</c>, <c>0</c>).
/// </summary>
public static class CcusageNumber
{
    /// <summary>A breakdown's <c>cost</c>: always with a fraction or an exponent.</summary>
    public static string Cost(double value)
    {
        if (!double.IsFinite(value)) return "0.0";
        var (negative, digits, exponent) = Decompose(value);
        if (digits.Length == 0) return negative ? "-0.0" : "0.0";
        var text = new StringBuilder();
        if (negative) text.Append('-');
        int length = digits.Length;
        int kk = length + exponent; // 10^(kk-1) <= |value| < 10^kk
        if (exponent >= 0 && kk <= 16)
        {
            text.Append(digits).Append('0', exponent).Append(".0");
        }
        else if (kk > 0 && kk <= 16)
        {
            text.Append(digits, 0, kk).Append('.').Append(digits, kk, length - kk);
        }
        else if (kk > -5 && kk <= 0)
        {
            text.Append("0.").Append('0', -kk).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (length > 1) text.Append('.').Append(digits, 1, length - 1);
            text.Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>A row's or the totals' <c>totalCost</c>: an integral value prints without a fraction.</summary>
    public static string TotalCost(double value)
    {
        if (double.IsFinite(value) && Math.Abs(value) < 1e15 && value == Math.Floor(value))
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        return Cost(value);
    }

    /// <summary>The shortest round-trip decimal digits (no leading or trailing zeros) and the power of ten they are scaled by.</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = text.StartsWith('-');
        if (negative) text = text[1..];
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int point = text.IndexOf('.');
        if (point >= 0)
        {
            exponent -= text.Length - point - 1;
            text = text.Remove(point, 1);
        }
        text = text.TrimStart('0');
        int trimmed = text.Length;
        text = text.TrimEnd('0');
        exponent += trimmed - text.Length;
        return (negative, text, exponent);
    }
}
