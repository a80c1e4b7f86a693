namespace Hindsight.Stages.Clean;

/// <summary>
/// The session a file belongs to by its place in the layout, as ccusage derives it: the file name for
/// <c>&lt;project&gt;/&lt;name&gt;.jsonl</c>, the session folder for anything below
/// <c>&lt;project&gt;/&lt;session&gt;/</c> (subagents join their parent session).
/// </summary>
public static class FileSession
{
    public static string Of(string relativePath)
    {
        var parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length <= 2) return Path.GetFileNameWithoutExtension(parts[^1]);
        return parts[1];
    }
}
