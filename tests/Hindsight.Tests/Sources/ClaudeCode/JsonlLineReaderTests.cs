using System.Text;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Tests.Sources.ClaudeCode;

public sealed class JsonlLineReaderTests
{
    private static async Task<(List<(long Line, long Offset, string Text, bool TooLong, long Length)> Lines, JsonlReadResult Result)> ReadAsync(
        byte[] content, long offset = 0, long firstLine = 1, int maxLineBytes = JsonlLineReader.DefaultMaxLineBytes, int initialBuffer = 256 * 1024)
    {
        var lines = new List<(long, long, string, bool, long)>();
        var reader = new JsonlLineReader(maxLineBytes, initialBuffer);
        var result = await reader.ReadAsync(new MemoryStream(content), offset, firstLine, line =>
        {
            lines.Add((line.LineNumber, line.ByteOffset, Encoding.UTF8.GetString(line.Bytes.Span), line.IsTooLong, line.FullLength));
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);
        return (lines, result);
    }

    [Fact]
    public async Task Strips_the_bom_and_carriage_returns_and_skips_blank_lines_but_counts_them()
    {
        var content = Encoding.UTF8.GetBytes("\uFEFF{\"a\":1}\r\n\r\n  \n{\"b\":2}\r\n");
        var (lines, result) = await ReadAsync(content);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], lines.Select(l => l.Text));
        Assert.Equal([1L, 4L], lines.Select(l => l.Line));
        Assert.Equal(4, result.LinesRead);
        Assert.Equal(2, result.BlankLines);
        Assert.Equal(content.Length, result.EndOffset);
        Assert.Equal(0, result.PartialTailBytes);
    }

    [Fact]
    public async Task Leaves_a_last_line_without_newline_for_the_next_read_and_resumes_from_its_offset()
    {
        var first = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":");
        var (lines, result) = await ReadAsync(first);
        Assert.Single(lines);
        Assert.Equal(8, result.EndOffset);
        Assert.Equal(5, result.PartialTailBytes);

        var completed = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\n");
        var (more, again) = await ReadAsync(completed, result.EndOffset, 2);
        Assert.Equal([(2L, 8L, "{\"b\":2}")], more.Select(l => (l.Line, l.Offset, l.Text)));
        Assert.Equal(completed.Length, again.EndOffset);
    }

    [Fact]
    public async Task Reads_a_twenty_megabyte_line_whole_with_a_small_starting_buffer()
    {
        var big = "{\"type\":\"user\",\"x\":\"" + new string('x', 20 * 1024 * 1024) + "\"}";
        var (lines, _) = await ReadAsync(Encoding.UTF8.GetBytes(big + "\n{\"type\":\"a\"}\n"), initialBuffer: 4096);

        Assert.Equal(2, lines.Count);
        Assert.Equal(big.Length, lines[0].Text.Length);
        Assert.Equal("{\"type\":\"a\"}", lines[1].Text);
    }

    [Fact]
    public async Task Reports_a_line_over_the_cap_with_its_length_and_still_reads_the_lines_after_it()
    {
        var longLine = new string('y', 300_000);
        var content = Encoding.UTF8.GetBytes($"{{\"type\":\"a\"}}\n{longLine}\n{{\"type\":\"b\"}}\n");
        var (lines, result) = await ReadAsync(content, maxLineBytes: 100_000, initialBuffer: 4096);

        Assert.Equal(3, lines.Count);
        Assert.True(lines[1].TooLong);
        Assert.Equal(300_000, lines[1].Length);
        Assert.Equal("{\"type\":\"b\"}", lines[2].Text);
        Assert.Equal(3L, lines[2].Line);
        Assert.Equal(content.Length, result.EndOffset);
    }

    [Fact]
    public async Task The_consumed_bytes_are_exactly_the_file_up_to_the_end_offset_bom_blank_lines_and_long_lines_included()
    {
        var content = Encoding.UTF8.GetBytes("\uFEFF{\"a\":1}\r\n\n" + "{\"long\":\"" + new string('x', 3000) + "\"}\n{\"b\":2}\n{\"partial\":");
        var consumed = new MemoryStream();
        var reader = new JsonlLineReader(maxLineBytes: 1024, initialBufferBytes: 1024);

        var result = await reader.ReadAsync(new MemoryStream(content), 0, 1, _ => ValueTask.CompletedTask, TestContext.Current.CancellationToken,
            bytes => consumed.Write(bytes));

        Assert.Equal(content.AsSpan(0, (int)result.EndOffset).ToArray(), consumed.ToArray());
        Assert.Equal("{\"partial\":".Length, result.PartialTailBytes);
    }
}
