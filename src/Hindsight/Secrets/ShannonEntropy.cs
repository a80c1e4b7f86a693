namespace Hindsight.Secrets;

/// <summary>Shannon entropy in bits per character: random keys score high, words and repeated characters low.</summary>
public static class ShannonEntropy
{
    /// <summary>The entropy of <paramref name="value"/>, ignoring line breaks and spaces (a value split across lines counts once).</summary>
    public static double Of(ReadOnlySpan<char> value)
    {
        var counts = new Dictionary<char, int>();
        var total = 0;
        foreach (var character in value)
        {
            if (char.IsWhiteSpace(character)) continue;
            counts[character] = counts.GetValueOrDefault(character) + 1;
            total++;
        }

        if (total == 0) return 0;
        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var share = (double)count / total;
            entropy -= share * Math.Log2(share);
        }

        return entropy;
    }
}
