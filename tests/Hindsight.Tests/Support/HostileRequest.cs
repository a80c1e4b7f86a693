using System.Text;
using System.Text.Json;

namespace Hindsight.Tests.Support;

/// <summary>A request as the hostile server read it: the request line, headers and body.</summary>
public sealed record HostileRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The batch protocol's items in the last user message: id and text.</summary>
    public IReadOnlyList<(string Id, string Text)> BatchItems()
    {
        using var document = JsonDocument.Parse(Body);
        var user = document.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user");
        var content = user.GetProperty("content");
        var text = content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
        using var items = JsonDocument.Parse(text);
        return [.. items.RootElement.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("text").GetString()!))];
    }

    internal static async Task<HostileRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) return null;
            head.Add(one[0]);
            if (head.Count > 64 * 1024) return null;
        }
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = new MemoryStream();
        if (headers.TryGetValue("Content-Length", out var length))
        {
            var buffer = new byte[int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)];
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            body.Write(buffer);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(stream, cancellationToken);
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    await ReadLineAsync(stream, cancellationToken);
                    break;
                }
                var chunk = new byte[size];
                await stream.ReadExactlyAsync(chunk, cancellationToken);
                body.Write(chunk);
                await ReadLineAsync(stream, cancellationToken);
            }
        }
        return new HostileRequest(lines[0], headers, body.ToArray());
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n') break;
            if (one[0] != '\r') line.Append((char)one[0]);
        }
        return line.ToString();
    }
}
