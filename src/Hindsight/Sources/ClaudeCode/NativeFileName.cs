using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// File names that are not valid UTF-8. Linux allows any bytes in a name; .NET decodes names as UTF-8 and turns
/// the invalid bytes into U+FFFD, so such a file cannot be opened by the name .NET gives. Hindsight lists these
/// names as bytes, shows each invalid byte as <c>\xNN</c> (the path stored in the warehouse and shown to users),
/// and opens the file through the bytes again. Linux only; elsewhere nothing is listed.
/// </summary>
public static partial class NativeFileName
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A name of a folder that is not valid UTF-8, as bytes, with what the folder entry says it is.</summary>
    public sealed record Entry(byte[] Name, bool IsDirectory)
    {
        public string Display => Escape(Name);
    }

    /// <summary>The entries of <paramref name="directory"/> whose names are not valid UTF-8.</summary>
    public static IReadOnlyList<Entry> ListInvalidNames(string directory)
    {
        var found = new List<Entry>();
        if (!OperatingSystem.IsLinux()) return found;
        var dir = OpenDir(NullTerminated(Encoding.UTF8.GetBytes(directory)));
        if (dir == IntPtr.Zero) throw new IOException($"cannot list {directory} (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            // struct dirent on 64-bit Linux (glibc and musl): d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name.
            const int typeOffset = 18, nameOffset = 19, directoryType = 4;
            IntPtr entry;
            while ((entry = ReadDir(dir)) != IntPtr.Zero)
            {
                var name = new List<byte>();
                for (int i = 0; ; i++)
                {
                    byte b = Marshal.ReadByte(entry, nameOffset + i);
                    if (b == 0) break;
                    name.Add(b);
                }
                var bytes = name.ToArray();
                if (IsValidUtf8(bytes)) continue;
                found.Add(new Entry(bytes, Marshal.ReadByte(entry, typeOffset) == directoryType));
            }
        }
        finally
        {
            _ = CloseDir(dir);
        }
        return found;
    }

    /// <summary>Invalid bytes as <c>\xNN</c>, valid sequences as they are.</summary>
    public static string Escape(ReadOnlySpan<byte> name)
    {
        var text = new StringBuilder();
        while (!name.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(name, out var rune, out int consumed);
            if (status == System.Buffers.OperationStatus.Done) text.Append(rune.ToString());
            else for (int i = 0; i < consumed; i++) text.Append($"\\x{name[i]:x2}");
            name = name[consumed..];
        }
        return text.ToString();
    }

    /// <summary>The bytes a display path stands for: each <c>\xNN</c> of a byte 0x80 or above back to that byte.</summary>
    public static byte[] Unescape(string path)
    {
        var bytes = new List<byte>(path.Length);
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 3 < path.Length && path[i + 1] == 'x'
                && byte.TryParse(path.AsSpan(i + 2, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out byte b) && b >= 0x80)
            {
                bytes.Add(b);
                i += 3;
                continue;
            }
            int length = char.IsHighSurrogate(path[i]) && i + 1 < path.Length ? 2 : 1;
            bytes.AddRange(Encoding.UTF8.GetBytes(path.Substring(i, length)));
            i += length - 1;
        }
        return bytes.ToArray();
    }

    /// <summary>True when the path names no file as written but stands for a name with invalid bytes.</summary>
    public static bool StandsForBytes(string path) =>
        OperatingSystem.IsLinux() && path.Contains("\\x", StringComparison.Ordinal) && !Path.Exists(path);

    /// <summary>
    /// Opens the file a display path stands for, read-only. Non-blocking open, so a named pipe cannot hang
    /// discovery; regular files read the same either way.
    /// </summary>
    public static SafeFileHandle OpenRead(string displayPath)
    {
        const int readOnly = 0, nonBlocking = 0x800, closeOnExec = 0x80000;
        int fd = Open(NullTerminated(Unescape(displayPath)), readOnly | nonBlocking | closeOnExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                2 => new FileNotFoundException($"no such file: {displayPath}"),
                13 => new UnauthorizedAccessException($"permission denied: {displayPath}"),
                _ => new IOException($"cannot open {displayPath} (errno {errno})"),
            };
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static bool IsValidUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] NullTerminated(byte[] bytes) => [.. bytes, 0];

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static partial IntPtr OpenDir(byte[] path);

    [LibraryImport("libc", EntryPoint = "readdir")]
    private static partial IntPtr ReadDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int CloseDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte[] path, int flags);
}
