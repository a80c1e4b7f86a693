namespace Hindsight.Sources.GeminiCli;

/// <summary>The layout of Gemini CLI's data folder (<c>$GEMINI_DATA_DIR</c>, <c>~/.gemini/tmp</c>).</summary>
public static class GeminiDataDir
{
    public const string EnvironmentVariable = "GEMINI_DATA_DIR";
    /// <summary>Each project's sessions: <c>&lt;project-hash&gt;/chats/session-*.json</c> (or <c>.jsonl</c>).</summary>
    public const string Chats = "chats";
    public const string DocumentExtension = ".json";
    public const string LinesExtension = ".jsonl";

    /// <summary>A session file: a <c>.json</c> document or a <c>.jsonl</c> log directly inside a <c>chats</c> folder.</summary>
    public static bool IsSessionFile(string relativePath)
    {
        var parts = relativePath.Split('/');
        if (parts.Length < 2 || parts[^2] != Chats) return false;
        var name = parts[^1];
        return name.EndsWith(DocumentExtension, StringComparison.Ordinal) || name.EndsWith(LinesExtension, StringComparison.Ordinal);
    }

    public static bool IsDocument(string path) => path.EndsWith(DocumentExtension, StringComparison.Ordinal);

    /// <summary>
    /// The project of a session file: the folder holding <c>chats/</c> (Gemini CLI names it by a hash of the
    /// project's path), or the data folder's own name for a root that is itself a project folder.
    /// </summary>
    public static string ProjectOf(string sourceRoot, string relativePath)
    {
        var parts = relativePath.Split('/');
        return parts.Length >= 3 ? parts[^3] : Path.GetFileName(sourceRoot.TrimEnd('/'));
    }

    /// <summary>The session a file stands for until its own header says otherwise: the file's name without extension.</summary>
    public static string FallbackSessionOf(string path) => Path.GetFileNameWithoutExtension(path);
}
