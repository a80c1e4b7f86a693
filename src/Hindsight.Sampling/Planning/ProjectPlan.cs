namespace Hindsight.Sampling;

/// <summary>One project folder: the cwd its sessions ran in and the folder name Claude Code derives from it.</summary>
internal sealed record ProjectPlan(string Cwd)
{
    /// <summary>Every non-alphanumeric character of the cwd becomes '-' (so "C:\x" becomes "C--x").</summary>
    public string DirectoryName { get; } = string.Create(Cwd.Length, Cwd, static (span, cwd) =>
    {
        for (var i = 0; i < cwd.Length; i++)
        {
            span[i] = char.IsAsciiLetterOrDigit(cwd[i]) ? cwd[i] : '-';
        }
    });
}
