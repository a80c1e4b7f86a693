using System.Text;
using System.Text.RegularExpressions;
using Hindsight.Correction.Protection;
using Hindsight.Sampling;
using Hindsight.Simulator;

namespace Hindsight.Tests.Support;

/// <summary>
/// What a correct answer is: the simulator's documented correction (whole words from the shared typo table,
/// case-insensitive, first-letter case kept, placeholders untouched) applied to the protected text, with the
/// spans restored. Any accepted correction that differs from this is a guard failure.
/// </summary>
internal sealed class TypoOracle
{
    private readonly Dictionary<string, string> _corrections;
    private readonly Regex _misspelling;

    private TypoOracle(Dictionary<string, string> corrections)
    {
        _corrections = corrections;
        _misspelling = new Regex(
            $@"\b(?:{string.Join('|', corrections.Keys.OrderByDescending(key => key.Length).Select(Regex.Escape))})\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    internal IReadOnlyList<string> Misspellings => [.. _corrections.Keys.Order(StringComparer.Ordinal)];

    internal static TypoOracle Load()
    {
        // The one table, embedded in the corpus generator's assembly (the simulator corrects with it from there).
        using var stream = typeof(TypoTable).Assembly.GetManifestResourceStream(TypoTable.ResourceName)
            ?? throw new InvalidOperationException($"the generator's assembly does not embed {TypoTable.ResourceName}");
        using var reader = new StreamReader(stream);
        var corrections = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in reader.ReadToEnd().Split('\n').Select(line => line.TrimEnd('\r')))
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                var fields = line.Split('\t');
                corrections[fields[0]] = fields[1];
            }
        }

        return new TypoOracle(corrections);
    }

    internal string Expected(string original)
    {
        var protectedText = TextProtector.Protect(original);
        var builder = new StringBuilder();
        var position = 0;
        foreach (Match placeholder in Placeholders.Pattern().Matches(protectedText.Text))
        {
            builder.Append(CorrectWords(protectedText.Text[position..placeholder.Index]));
            builder.Append(placeholder.Value);
            position = placeholder.Index + placeholder.Length;
        }

        builder.Append(CorrectWords(protectedText.Text[position..]));
        return protectedText.Restore(builder.ToString());
    }

    private string CorrectWords(string segment) => _misspelling.Replace(segment, match =>
        !_corrections.TryGetValue(match.Value, out var correction)
            ? match.Value
            : char.IsUpper(match.Value[0]) ? char.ToUpperInvariant(correction[0]) + correction[1..] : correction);
}
