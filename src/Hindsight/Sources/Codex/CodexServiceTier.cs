using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Hindsight.Sources.Codex;

/// <summary>
/// The price tier Codex asked for: <c>service_tier = "priority"</c> at the top of <c>config.toml</c> under the Codex home
/// makes every call of that home a priority call, priced at the model's <c>fastMultiplier</c> (ccusage reads the same
/// setting). A missing, unreadable or malformed file means the standard tier: the setting is Codex's, never guessed.
/// </summary>
public static class CodexServiceTier
{
    public const string Priority = "priority";

    /// <summary>True when the Codex home <paramref name="codexHome"/> asks for the priority tier.</summary>
    public static bool IsPriority(string codexHome)
    {
        string text;
        try
        {
            var path = Path.Combine(codexHome, CodexHome.ConfigFile);
            if (!File.Exists(path)) return false;
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return TierOf(text) == Priority;
    }

    /// <summary>The top-level <c>service_tier</c> of a config.toml text, or null when absent or the text is not TOML.</summary>
    public static string? TierOf(string toml)
    {
        var document = SyntaxParser.Parse(toml, CodexHome.ConfigFile, validate: true);
        if (document.HasErrors) return null;
        foreach (var pair in document.KeyValues)
        {
            if (pair.Key?.ToString().Trim() == "service_tier" && pair.Value is StringValueSyntax value) return value.Value;
        }
        return null;
    }
}
