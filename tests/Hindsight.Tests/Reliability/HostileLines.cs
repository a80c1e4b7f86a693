namespace Hindsight.Tests.Reliability;

/// <summary>
/// The complete lines of a file the simple way (whole file in memory, small test files only), so tests can
/// check what the streaming reader stored against bytes it never touched: numbered from 1, split on LF,
/// a UTF-8 BOM dropped at the start of the file only, one trailing CR dropped; bytes after the last LF
/// are the partial tail.
/// </summary>
public static class HostileLines
{
    public sealed record Line(long Number, byte[] Bytes);

    public static (List<Line> Lines, long PartialTailBytes) Split(byte[] file)
    {
        var lines = new List<Line>();
        int start = 0;
        long number = 1;
        for (int i = 0; i < file.Length; i++)
        {
            if (file[i] != (byte)'\n') continue;
            var line = file.AsSpan(start, i - start);
            if (start == 0 && line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) line = line[3..];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            lines.Add(new Line(number++, line.ToArray()));
            start = i + 1;
        }
        return (lines, file.Length - start);
    }

    public static bool IsBlank(byte[] line) => line.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r');
}
