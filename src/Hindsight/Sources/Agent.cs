namespace Hindsight.Sources;

/// <summary>The coding agent whose files a row came from; every table holding a source's rows stores it (column <c>agent</c>).</summary>
public enum Agent
{
    ClaudeCode,
    Codex,
    GeminiCli,
}
