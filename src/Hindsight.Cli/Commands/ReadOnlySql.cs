using System.Text.RegularExpressions;

namespace Hindsight.Cli.Commands;

/// <summary>
/// The statements `hindsight query` accepts: a single read statement. The connection is also opened
/// read-only with external access disabled, so this check only gives a clearer message; it is not
/// the only guard.
/// </summary>
public static partial class ReadOnlySql
{
    private static readonly HashSet<string> ReadKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN",
    };

    public static bool IsAllowed(string sql, out string reason)
    {
        var trimmed = StripComments(sql).Trim().TrimEnd(';').Trim();
        if (trimmed.Length == 0)
        {
            reason = "the query is empty";
            return false;
        }
        if (trimmed.Contains(';', StringComparison.Ordinal))
        {
            reason = "only one statement is allowed";
            return false;
        }
        var keyword = FirstWord().Match(trimmed).Value;
        if (!ReadKeywords.Contains(keyword))
        {
            reason = $"`{keyword}` statements are not allowed: hindsight query is read-only (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)";
            return false;
        }
        reason = "";
        return true;
    }

    private static string StripComments(string sql) => Comments().Replace(sql, " ");

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"^[A-Za-z]+")]
    private static partial Regex FirstWord();
}
