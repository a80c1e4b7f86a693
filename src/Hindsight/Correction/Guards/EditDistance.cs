namespace Hindsight.Correction.Guards;

/// <summary>Levenshtein distance (insertions, deletions, substitutions of UTF-16 code units).</summary>
public static class EditDistance
{
    /// <summary>
    /// The distance between <paramref name="left"/> and <paramref name="right"/> when it is at most
    /// <paramref name="limit"/>; otherwise <paramref name="limit"/> + 1. Runs in O(n·d) for a distance d by trimming
    /// the common prefix and suffix and widening a diagonal band only as far as needed, so a typo fix in a long
    /// prompt costs little.
    /// </summary>
    public static int Bounded(string left, string right, int limit)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var a = left.AsSpan();
        var b = right.AsSpan();
        var prefix = a.CommonPrefixLength(b);
        a = a[prefix..];
        b = b[prefix..];
        var suffix = 0;
        while (suffix < a.Length && suffix < b.Length && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        a = a[..^suffix];
        b = b[..^suffix];
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }

        var band = Math.Max(8, Math.Abs(a.Length - b.Length));
        while (true)
        {
            band = Math.Min(band, limit);
            var distance = Banded(a, b, band);
            if (distance <= band || band >= limit)
            {
                return distance <= limit ? distance : limit + 1;
            }

            band *= 4;
        }
    }

    /// <summary>The full distance, with no limit.</summary>
    public static int Compute(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Bounded(left, right, Math.Max(left.Length, right.Length));
    }

    // Ukkonen's band: cells further than `band` from the diagonal cannot lie on a path of cost <= band.
    // Returns the exact distance when it is <= band, otherwise some value > band.
    private static int Banded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int band)
    {
        var outside = band + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j <= band ? j : outside;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - band);
            var to = Math.Min(b.Length, i + band);
            current[0] = i <= band ? i : outside;
            if (from > 1)
            {
                current[from - 1] = outside;
            }

            var rowMinimum = current[0];
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                value = Math.Min(value, outside);
                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (to < b.Length)
            {
                current[to + 1] = outside;
            }

            if (rowMinimum > band)
            {
                return outside;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
