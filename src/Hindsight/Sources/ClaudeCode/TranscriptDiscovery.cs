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
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                warnings.Add(Encoding.UTF8.GetByteCount(dir) >= PathMaxBytes ? WarningFor(dir, ex) : $"cannot read folder {dir}: {ex.Message}");
                continue;
            }
            bool invalidNamesListed = false;
            foreach (var entry in entries)
            {
                // Near the system's path limit .NET leaves FullName empty; the folder and the name still say where it is.
                var fullName = entry.FullName.Length > 0 ? entry.FullName : Path.Join(dir, entry.Name);
                try
                {
                    if (entry.Name.Contains('\uFFFD', StringComparison.Ordinal) && !Path.Exists(fullName))
                    {
                        // .NET could not decode this name (invalid UTF-8): the folder's names are listed as bytes, once.
                        if (!invalidNamesListed) AddInvalidNames(root, dir, files, warnings, seenFiles);
                        invalidNamesListed = true;
                        continue;
                    }
                    if (entry is DirectoryInfo subdir)
                    {
                        var real = RealPath(fullName);
                        if (!visited.Add(real))
                        {
                            warnings.Add($"skipped {fullName}: it links to a folder already walked ({real})");
                            continue;
                        }
                        pending.Push(fullName);
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
                        files.Add(Describe(root, file.FullName, info.Length, info.LastWriteTimeUtc));
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad path (too long for the system, vanished, unreadable) is a warning about that path only.
                    warnings.Add(WarningFor(fullName, ex));
                }
            }
        }
    }

    /// <summary>Files of <paramref name="dir"/> whose names are not valid UTF-8, under their <c>\xNN</c> display paths.</summary>
    private static void AddInvalidNames(string root, string dir, List<DiscoveredFile> files, List<string> warnings, HashSet<string> seenFiles)
    {
        foreach (var entry in NativeFileName.ListInvalidNames(dir))
        {
            var display = Path.Join(dir, entry.Display);
            if (entry.IsDirectory)
            {
                warnings.Add($"skipped folder {display}: its name is not valid UTF-8, and such folders are not walked");
                continue;
            }
            try
            {
                using var handle = NativeFileName.OpenRead(display);
                if (File.GetAttributes(handle).HasFlag(FileAttributes.Directory)) continue;
                if (!seenFiles.Add(display)) continue;
                files.Add(Describe(root, display, RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                warnings.Add(WarningFor(display, ex));
            }
        }
    }

    private static DiscoveredFile Describe(string root, string fullPath, long length, DateTime lastWriteUtc)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        return new DiscoveredFile(
            FileIdOf(fullPath),
            fullPath,
            root,
            relative.Replace('\\', '/'),
            ProjectOf(root, relative),
            TranscriptFileClassifier.Classify(relative),
            length,
            ToMicroseconds(lastWriteUtc));
    }

    /// <summary>Linux refuses paths of 4,096 bytes or more; say so instead of the runtime's parameter name.</summary>
    private static string WarningFor(string path, Exception ex)
    {
        int bytes = Encoding.UTF8.GetByteCount(path);
        return bytes >= PathMaxBytes
            ? $"skipped a path of {bytes:N0} bytes, longer than the system's limit of {PathMaxBytes:N0}: {path[..120]}…{path[^60..]}"
            : $"cannot inspect {path}: {ex.Message}";
    }

    private const int PathMaxBytes = 4096;

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
