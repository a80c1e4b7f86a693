using System.Reflection;

namespace Hindsight.Simulator;

/// <summary>
/// The shared misspelling → correction table (src/Hindsight.Sampling/typos.tsv, embedded in this assembly):
/// tab-separated pairs, '#' lines are comments, keys compared case-insensitively.
/// </summary>
internal sealed class TypoTable
{
    private const string ResourceName = "typos.tsv";

    private TypoTable(IReadOnlyDictionary<string, string> corrections) => Corrections = corrections;

    public IReadOnlyDictionary<string, string> Corrections { get; }

    public static async Task<TypoTable> LoadEmbeddedAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(TypoTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The typo table '{ResourceName}' is not embedded in {typeof(TypoTable).Assembly.GetName().Name}; check the EmbeddedResource in the csproj.");
        using var reader = new StreamReader(stream);
        return Parse(await reader.ReadToEndAsync(cancellationToken));
    }

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
        return new TypoTable(corrections);
    }
}
