using System.Text.RegularExpressions;

namespace Hindsight.Pricing;

/// <summary>
/// The spellings under which one model reaches us: provider paths (<c>anthropic/claude-…</c>), Bedrock ids
/// (<c>us.anthropic.claude-…-v1:0</c>), Vertex ids (<c>claude-…@20250514</c>) and dotted versions (<c>claude-opus-4.6</c>).
/// ccusage resolves these by substring matching, which also prices unknown models as their nearest-named
/// neighbour; here a spelling only ever resolves to an entry whose own name or alias it equals once normalized.
/// </summary>
internal static partial class ModelNameKey
{
    public static string Normalize(string model)
    {
        var name = model.Trim();
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name[(slash + 1)..];
        }

        name = BedrockPrefix().Replace(name, string.Empty);
        name = BedrockVersionSuffix().Replace(name, string.Empty);
        return name.Replace('.', '-').Replace('@', '-');
    }

    [GeneratedRegex(@"^(?:[a-z]+\.)?anthropic\.", RegexOptions.CultureInvariant)]
    private static partial Regex BedrockPrefix();

    [GeneratedRegex(@"-v\d+(?::\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BedrockVersionSuffix();
}
