using System.Buffers;
using System.Text.Json;

namespace Hindsight.Sources.Codex;

/// <summary>
/// The project of a Codex rollout: Codex keeps no project folders, but each rollout opens with a <c>session_meta</c> line
/// naming the folder the session ran in (<c>cwd</c>). That folder is named the way Claude Code names its project folders
/// (every character but an ASCII letter or digit becomes <c>-</c>: <c>/home/ana/work/shop</c> is <c>-home-ana-work-shop</c>),
/// so one folder worked on with both agents is one project in the reports. A rollout whose first line is not a readable
/// <c>session_meta</c> with a cwd (still being written, cut off, longer than <see cref="MaxHeadBytes"/>) falls back to
/// its home folder's name, as before.
/// </summary>
public static class CodexProject
{
    /// <summary>The most of a rollout's first line read to find its cwd: session_meta carries the instructions, not a transcript.</summary>
    public const int MaxHeadBytes = 1 << 20;

    private const int ChunkBytes = 16 * 1024;

    /// <summary>Claude Code's project folder name for a working folder.</summary>
    public static string FromCwd(string cwd) =>
        string.Create(cwd.Length, cwd, static (span, text) =>
        {
            for (int i = 0; i < text.Length; i++) span[i] = char.IsAsciiLetterOrDigit(text[i]) ? text[i] : '-';
        });

    /// <summary>The project of the rollout at <paramref name="path"/>, else <paramref name="fallback"/>.</summary>
    public static string Of(string path, string fallback) =>
        ReadSessionCwd(path) is { Length: > 0 } cwd ? FromCwd(cwd) : fallback;

    /// <summary>The cwd of the rollout's first line when it is a complete <c>session_meta</c>; null otherwise (never throws on content).</summary>
    public static string? ReadSessionCwd(string path)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            int length = 0;
            while (true)
            {
                int newline = buffer.AsSpan(0, length).IndexOf((byte)'\n');
                if (newline >= 0) return CwdOf(buffer.AsSpan(0, newline));
                if (length == MaxHeadBytes) return null;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxHeadBytes));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = stream.Read(buffer, length, Math.Min(buffer.Length, MaxHeadBytes) - length);
                if (read == 0) return null;
                length += read;
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The line's <c>payload.cwd</c> when its <c>type</c> is <c>session_meta</c>.</summary>
    public static string? CwdOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("session_meta")
                && root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("cwd", out var cwd) && cwd.ValueKind == JsonValueKind.String
                ? cwd.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape in the cwd cannot become a string.
            return null;
        }
    }
}
