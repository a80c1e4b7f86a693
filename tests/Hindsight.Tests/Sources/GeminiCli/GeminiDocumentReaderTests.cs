using System.Text;
using Hindsight.Sources;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Sources.GeminiCli;

namespace Hindsight.Tests.Sources.GeminiCli;

/// <summary>The streaming reader of a chat document: messages as lines with their byte ranges, whatever the buffer.</summary>
public sealed class GeminiDocumentReaderTests
{
    private static string Document(int messages, string sessionId = "s-1") =>
        "{\n  \"sessionId\": \"" + sessionId + "\",\n  \"projectHash\": \"abc\",\n  \"extra\": {\"nested\": [1, 2, {\"a\": \"b\"}]},\n  \"messages\": [\n" +
        string.Join(",\n", Enumerable.Range(1, messages).Select(i =>
            $"    {{\"id\": \"m{i}\", \"type\": \"{(i % 2 == 1 ? "user" : "gemini")}\", \"content\": \"message {i} {new string('x', i % 50)}\"}}")) +
        "\n  ],\n  \"lastUpdated\": \"2026-11-03T09:00:00Z\"\n}\n";

    private static async Task<(List<(long Line, long Offset, string Text)> Lines, JsonlReadResult Result, byte[] Consumed)> ReadAsync(
        string document, int maxItemBytes, GeminiMessageParser? parser = null)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        var lines = new List<(long, long, string)>();
        var consumed = new MemoryStream();
        using var stream = new MemoryStream(bytes);
        var result = await new GeminiDocumentReader(maxItemBytes, parser).ReadAsync(stream, 0, 1, line =>
        {
            lines.Add((line.LineNumber, line.ByteOffset, Encoding.UTF8.GetString(line.Bytes.Span)));
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken, b => consumed.Write(b));
        return (lines, result, consumed.ToArray());
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task Every_message_is_a_line_with_its_exact_byte_range_whatever_the_buffer(int maxItemBytes)
    {
        var document = Document(300);
        var bytes = Encoding.UTF8.GetBytes(document);
        var (lines, result, consumed) = await ReadAsync(document, maxItemBytes);

        Assert.Equal(300, lines.Count);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), lines.Select(l => l.Line));
        foreach (var (line, offset, text) in lines)
        {
            Assert.StartsWith($"{{\"id\": \"m{line}\"", text, StringComparison.Ordinal);
            Assert.Equal(text, Encoding.UTF8.GetString(bytes, (int)offset, Encoding.UTF8.GetByteCount(text)));
        }
        Assert.Equal(new JsonlReadResult(bytes.Length, 300, 0, 0), result);
        // The block fingerprints see every byte of the document, in order.
        Assert.Equal(bytes, consumed);
    }

    [Fact]
    public async Task The_header_session_is_handed_to_the_parser()
    {
        var parser = new GeminiMessageParser("file-name-session");
        var (lines, _, _) = await ReadAsync(Document(2, "aaaaaaaa-1111"), 4096, parser);
        var record = parser.Parse("f", new JsonlLine(1, 0, 1, Encoding.UTF8.GetBytes(lines[0].Text), lines[0].Text.Length, false, null), keepRaw: true, observer: null).Record!;
        Assert.Equal("aaaaaaaa-1111", record.SessionId);
        Assert.Equal(Agent.GeminiCli, record.Agent);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public async Task A_document_cut_off_mid_write_does_not_parse(double keep)
    {
        var document = Document(40);
        var cut = document[..(int)(document.Length * keep)];
        var error = await Assert.ThrowsAsync<UnreadableDocumentException>(() => ReadAsync(cut, 4096));
        Assert.InRange(error.AtByte, 0, Encoding.UTF8.GetByteCount(cut));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    [InlineData("{\"messages\": []} trailing")]
    [InlineData("")]
    public async Task A_document_that_is_not_one_json_object_does_not_parse(string document)
    {
        await Assert.ThrowsAsync<UnreadableDocumentException>(() => ReadAsync(document, 4096));
    }

    [Fact]
    public async Task A_message_longer_than_the_cap_makes_the_document_unreadable_rather_than_held_whole()
    {
        var document = "{\"sessionId\": \"s\", \"messages\": [{\"type\": \"user\", \"content\": \"" + new string('y', 10_000) + "\"}]}";
        var error = await Assert.ThrowsAsync<UnreadableDocumentException>(() => ReadAsync(document, 4096));
        Assert.Contains("--max-line-bytes", error.Message, StringComparison.Ordinal);
    }
}
