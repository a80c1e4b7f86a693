using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;

namespace Hindsight.Sampling;

/// <summary>
/// The shared misspelling → correction table (<c>src/Hindsight.Sampling/typos.tsv</c>): tab-separated pairs, <c>#</c> lines are
/// comments. <see cref="Correct"/> is the contract's correction rule, so the generator can state the expected
/// correction of every prompt it writes: whole words, case-insensitive, an upper-case first letter carried over.
/// </summary>
public sealed class TypoTable
{
    /// <summary>Manifest name of the embedded table.</summary>
    public const string ResourceName = "Hindsight.Sampling.typos.tsv";

    private readonly Regex _misspelling;

    private TypoTable(FrozenDictionary<string, string> corrections)
    {
        Corrections = corrections;
        MisspellingsByCorrection = corrections
            .GroupBy(pair => pair.Value, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                group => group.Key,
                group => (IReadOnlyList<string>)group.Select(pair => pair.Key).Order(StringComparer.Ordinal).ToArray(),
                StringComparer.OrdinalIgnoreCase);
        var alternatives = corrections.Keys.OrderByDescending(key => key.Length).ThenBy(key => key, StringComparer.Ordinal).Select(Regex.Escape);
        _misspelling = new Regex(
            $@"\b(?:{string.Join('|', alternatives)})\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>Misspelling → correction, keys compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Corrections { get; }

    /// <summary>Correction → its misspellings (ordinal order), keys compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MisspellingsByCorrection { get; }

    public static TypoTable Parse(string tsv)
    {
        var corrections = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var rawLine in tsv.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length != 2 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new FormatException($"Typo table line {lineNumber} is not 'misspelling<TAB>correction': '{line}'.");
            }
            corrections[fields[0]] = fields[1];
        }
        return new TypoTable(corrections.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    public static async Task<TypoTable> LoadFileAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken));

    /// <summary>The table embedded in this assembly as <see cref="ResourceName"/>.</summary>
    public static async Task<TypoTable> LoadEmbeddedAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(TypoTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The typo table '{ResourceName}' is not embedded in {typeof(TypoTable).Assembly.GetName().Name}; " +
                "add <EmbeddedResource Include=\"typos.tsv\" LogicalName=\"Hindsight.Sampling.typos.tsv\" /> to the csproj.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(await reader.ReadToEndAsync(cancellationToken));
    }

    /// <summary>Replaces every whole-word misspelling; "Teh" becomes "The", "im" becomes the table's "I'm".</summary>
    public string Correct(string text) => text.Length == 0 ? text : _misspelling.Replace(text, ReplaceOne);

    private string ReplaceOne(Match match)
    {
        if (!Corrections.TryGetValue(match.Value, out var correction))
        {
            return match.Value;
        }
        return char.IsUpper(match.Value[0])
            ? string.Concat(char.ToUpperInvariant(correction[0]).ToString(), correction.AsSpan(1))
            : correction;
    }
}
