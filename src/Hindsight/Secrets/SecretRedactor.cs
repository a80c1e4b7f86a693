using System.Text;

namespace Hindsight.Secrets;

/// <summary>
/// Replaces detected credentials with <c>⟦redacted:kind⟧</c>, so a secret typed or pasted into a conversation
/// stays only in the raw archive (<c>records.raw</c>) and never reaches a derived table (content blocks, dead
/// letters, messages, corrections, the staged table), a correction request or a report. The marker uses the brackets that stage 4
/// protects, so it comes back from correction byte for byte. Patterns: <see cref="SecretDetector"/>.
/// </summary>
public static class SecretRedactor
{
    /// <summary>Raise when <see cref="Redact"/>'s own rules change (the minimum length, how overlapping matches merge).</summary>
    private const int RulesVersion = 2;

    /// <summary>
    /// Changes whenever redaction could give another result: the rule catalogue (a hash of <c>secret-rules.json</c>)
    /// or <see cref="RulesVersion"/>. Derived rows redacted under another version are redacted again.
    /// </summary>
    public static string Version { get; } = $"{SecretRuleCatalog.Version}.{RulesVersion}";

    public static string Redact(string text, out int redactions)
    {
        redactions = 0;
        if (text.Length < 8) return text;
        var matches = SecretDetector.Find(text);
        if (matches.Count == 0) return text;
        var builder = new StringBuilder(text.Length);
        int position = 0;
        foreach (var match in matches.OrderBy(m => m.Start).ThenByDescending(m => m.Length))
        {
            if (match.End <= position) continue;
            int start = Math.Max(match.Start, position);
            builder.Append(text, position, start - position).Append("⟦redacted:").Append(match.PatternName).Append('⟧');
            position = match.End;
            redactions++;
        }
        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }
}
