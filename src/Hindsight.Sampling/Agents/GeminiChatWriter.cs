using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// One Gemini CLI chat document (<c>&lt;project-hash&gt;/chats/session-&lt;time&gt;-&lt;id8&gt;.json</c>): the header, then per
/// turn a prompt and a <c>gemini</c> message with thoughts, a tool call with its inline result, text and tokens
/// (<c>cached</c> inside <c>input</c>, <c>thoughts</c> apart from <c>output</c>, as Gemini CLI writes them).
/// </summary>
internal static class GeminiChatWriter
{
    private static readonly string[] Models = ["gemini-2.5-pro", "gemini-2.5-pro", "gemini-2.5-flash"];

    public static async Task<AgentSessionCounts> WriteAsync(string dataDir, DeterministicRandom random, PromptComposer prompts, CancellationToken cancellationToken)
    {
        var start = AgentSessionClock.Start(random);
        var id = AgentSessionClock.Uuid(random);
        var projectHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(random.Pick(TextPools.ProjectPaths))));
        var model = random.Pick(Models);
        var folder = Path.Combine(dataDir, projectHash, "chats");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"session-{start.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm", CultureInfo.InvariantCulture)}-{id[..8]}.json");

        int turns = random.Next(2, 7);
        var counts = new AgentSessionCounts { Prompts = turns, Calls = turns };
        var time = start;
        using var bytes = new MemoryStream();
        await using (var w = new Utf8JsonWriter(bytes, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("sessionId", id);
            w.WriteString("projectHash", projectHash);
            w.WriteString("startTime", AgentSessionClock.Iso(start));
            long lastUpdatedAt = 0;
            w.WriteStartArray("messages");
            for (int turn = 0; turn < turns; turn++)
            {
                time = time.AddSeconds(random.Next(20, 240));
                w.WriteStartObject();
                w.WriteString("id", AgentSessionClock.Uuid(random));
                w.WriteString("timestamp", AgentSessionClock.Iso(time));
                w.WriteString("type", "user");
                w.WriteString("content", prompts.Prompt(random).Typed);
                w.WriteEndObject();

                time = time.AddSeconds(random.Next(3, 40));
                long input = random.Next(3_000, 60_000), cached = input * random.Next(0, 80) / 100;
                long output = random.Next(40, 1_500), thoughts = random.Next(0, 600), tool = random.Next(0, 100);
                var call = $"read_file-{time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{turn.ToString(CultureInfo.InvariantCulture)}";
                w.WriteStartObject();
                w.WriteString("id", AgentSessionClock.Uuid(random));
                w.WriteString("timestamp", AgentSessionClock.Iso(time));
                w.WriteString("type", "gemini");
                w.WriteString("content", "I read the file and made the change.");
                w.WriteStartArray("thoughts");
                w.WriteStartObject();
                w.WriteString("subject", "Checking the code");
                w.WriteString("description", "The file has to be read before anything is edited.");
                w.WriteString("timestamp", AgentSessionClock.Iso(time));
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("toolCalls");
                w.WriteStartObject();
                w.WriteString("id", call);
                w.WriteString("name", "read_file");
                w.WriteStartObject("args");
                w.WriteString("file_path", "src/main.ts");
                w.WriteEndObject();
                w.WriteStartArray("result");
                w.WriteStartObject();
                w.WriteStartObject("functionResponse");
                w.WriteString("id", call);
                w.WriteString("name", "read_file");
                w.WriteStartObject("response");
                w.WriteString("output", "export const main = () => run();");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("status", "success");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartObject("tokens");
                w.WriteNumber("input", input);
                w.WriteNumber("output", output);
                w.WriteNumber("cached", cached);
                w.WriteNumber("thoughts", thoughts);
                w.WriteNumber("tool", tool);
                w.WriteNumber("total", input + output + thoughts + tool);
                w.WriteEndObject();
                w.WriteString("model", model);
                w.WriteEndObject();
                lastUpdatedAt = time.ToUnixTimeMilliseconds();
                counts = counts with
                {
                    InputTokens = counts.InputTokens + input - cached + tool,
                    CachedTokens = counts.CachedTokens + cached,
                    OutputTokens = counts.OutputTokens + output + thoughts,
                };
            }
            w.WriteEndArray();
            w.WriteString("lastUpdated", AgentSessionClock.Iso(DateTimeOffset.FromUnixTimeMilliseconds(lastUpdatedAt)));
            w.WriteEndObject();
        }
        bytes.WriteByte((byte)'\n');
        await File.WriteAllBytesAsync(path, bytes.ToArray(), cancellationToken);
        return counts;
    }
}
