using System.Security.Cryptography;
using System.Text;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Walks source folders. Follows symbolic links but visits every real folder once, so a link loop
/// ends the walk of that branch with a warning instead of hanging; unreadable folders and files are
/// warnings, never failures.
/// </summary>
public static class TranscriptDiscovery
{
    public static DiscoveryResult Discover(IEnumerable<string> sourceRoots, CancellationToken cancellationToken)
    {
        var files = new List<DiscoveredFile>();
        var warnings = new List<string>();
        var roots = new List<string>();
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in sourceRoots)
        {
            var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            roots.Add(fullRoot);
            if (!Directory.Exists(fullRoot))
            {
                warnings.Add($"source folder does not exist: {fullRoot}");
                continue;
            }
            Walk(fullRoot, files, warnings, seenFiles, cancellationToken);
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new DiscoveryResult(files, warnings, roots);
    }

    public static string FileIdOf(string fullPath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..32];

    private static void Walk(string root, List<DiscoveredFile> files, List<string> warnings, HashSet<string> seenFiles, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { RealPath(root) };
        var pending = new Stack<string>();
        pending.Push(root);
        var options = new EnumerationOptions { IgnoreInaccessible = false, RecurseSubdirectories = false, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options).ToList();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                warnings.Add($"cannot read folder {dir}: {ex.Message}");
                continue;
            }
            foreach (var entry in entries)
            {
                try
                {
                    if (entry is DirectoryInfo subdir)
                    {
                        var real = RealPath(subdir.FullName);
                        if (!visited.Add(real))
                        {
                            warnings.Add($"skipped {subdir.FullName}: it links to a folder already walked ({real})");
                            continue;
                        }
                        pending.Push(subdir.FullName);
                    }
                    else if (entry is FileInfo file)
                    {
                        var info = file.LinkTarget is null ? file : (File.ResolveLinkTarget(file.FullName, returnFinalTarget: true) as FileInfo);
                        if (info is null || !info.Exists)
                        {
                            warnings.Add($"skipped {file.FullName}: broken link");
                            continue;
                        }
                        if (info.Attributes.HasFlag(FileAttributes.Directory)) continue;
                        if (!seenFiles.Add(file.FullName)) continue;
                        var relative = Path.GetRelativePath(root, file.FullName);
                        files.Add(new DiscoveredFile(
                            FileIdOf(file.FullName),
                            file.FullName,
                            root,
                            relative.Replace('\\', '/'),
                            ProjectOf(root, relative),
                            TranscriptFileClassifier.Classify(relative),
                            info.Length,
                            ToMicroseconds(info.LastWriteTimeUtc)));
                    }
                }
                catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
                {
                    warnings.Add($"cannot inspect {entry.FullName}: {ex.Message}");
                }
            }
        }
    }

    /// <summary>The warehouse keeps microseconds; comparing at that precision keeps unchanged files unchanged.</summary>
    private static DateTimeOffset ToMicroseconds(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);

    /// <summary>The project folder is the first folder below the root; files directly in the root belong to the root's own name.</summary>
    private static string ProjectOf(string root, string relative)
    {
        var parts = relative.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 ? parts[0] : Path.GetFileName(root);
    }

    private static string RealPath(string dir)
    {
        try
        {
            var target = Directory.ResolveLinkTarget(dir, returnFinalTarget: true);
            return Path.TrimEndingDirectorySeparator(target?.FullName ?? Path.GetFullPath(dir));
        }
        catch (IOException)
        {
            return dir;
        }
    }
}
