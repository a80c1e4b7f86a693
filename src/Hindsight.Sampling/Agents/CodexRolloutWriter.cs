using System.Globalization;
using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// One Codex CLI rollout (<c>sessions/YYYY/MM/DD/rollout-&lt;time&gt;-&lt;uuid&gt;.jsonl</c>): session_meta, turn_context,
/// then per turn a prompt (with its <c>user_message</c> echo), reasoning, a shell call and its output, an answer and a
/// <c>token_count</c> whose totals are cumulative (cached input inside input, reasoning inside output).
/// </summary>
internal static class CodexRolloutWriter
{
    private static readonly string[] Models = ["gpt-5-codex", "gpt-5-codex", "gpt-5", "gpt-5-mini"];
    private static readonly string[] Commands = ["ls -la", "git status", "dotnet test", "rg --files src", "cat README.md"];

    public static async Task<AgentSessionCounts> WriteAsync(string codexHome, DeterministicRandom random, PromptComposer prompts, CancellationToken cancellationToken)
    {
        var start = AgentSessionClock.Start(random);
        var id = AgentSessionClock.Uuid(random);
        var cwd = random.Pick(TextPools.ProjectPaths);
        var model = random.Pick(Models);
        var folder = Path.Combine(codexHome, "sessions", start.ToString("yyyy", CultureInfo.InvariantCulture), start.ToString("MM", CultureInfo.InvariantCulture), start.ToString("dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"rollout-{start.UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)}-{id}.jsonl");

        using var lines = new JsonLines();
        var time = start;
        lines.Write(time, "session_meta", w =>
        {
            w.WriteString("id", id);
            w.WriteString("timestamp", AgentSessionClock.Iso(time));
            w.WriteString("cwd", cwd);
            w.WriteString("originator", "codex_cli_rs");
            w.WriteString("cli_version", "0.144.1");
        });
        lines.Write(time, "turn_context", w =>
        {
            w.WriteString("cwd", cwd);
            w.WriteString("model", model);
            w.WriteString("effort", "medium");
        });
        long input = 0, cached = 0, output = 0, reasoning = 0;
        int turns = random.Next(2, 7);
        var counts = new AgentSessionCounts { Prompts = turns, Calls = turns };
        for (int turn = 0; turn < turns; turn++)
        {
            var prompt = prompts.Prompt(random).Typed;
            time = time.AddSeconds(random.Next(20, 240));
            lines.Write(time, "response_item", w =>
            {
                w.WriteString("type", "message");
                w.WriteString("role", "user");
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "input_text");
                w.WriteString("text", prompt);
                w.WriteEndObject();
                w.WriteEndArray();
            });
            lines.Write(time, "event_msg", w => { w.WriteString("type", "user_message"); w.WriteString("message", prompt); });
            time = time.AddSeconds(random.Next(2, 10));
            lines.Write(time, "response_item", w =>
            {
                w.WriteString("type", "reasoning");
                w.WriteStartArray("summary");
                w.WriteStartObject();
                w.WriteString("type", "summary_text");
                w.WriteString("text", "**Looking at the workspace** before changing anything.");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("encrypted_content", "gAAAAAB" + new string('x', random.Next(64, 512)));
            });
            var call = "call_" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);
            var command = random.Pick(Commands);
            lines.Write(time, "response_item", w =>
            {
                w.WriteString("type", "function_call");
                w.WriteString("name", "shell");
                w.WriteString("arguments", "{\"command\":[\"bash\",\"-lc\",\"" + command + "\"]}");
                w.WriteString("call_id", call);
            });
            time = time.AddSeconds(random.Next(1, 30));
            lines.Write(time, "response_item", w =>
            {
                w.WriteString("type", "function_call_output");
                w.WriteString("call_id", call);
                w.WriteString("output", "{\"output\":\"ok\\n\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":0.4}}");
            });
            lines.Write(time, "response_item", w =>
            {
                w.WriteString("type", "message");
                w.WriteString("role", "assistant");
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "output_text");
                w.WriteString("text", $"Ran `{command}`; the change is in place.");
                w.WriteEndObject();
                w.WriteEndArray();
            });
            long turnInput = random.Next(2_000, 40_000), turnCached = turnInput * random.Next(0, 90) / 100, turnReasoning = random.Next(0, 800);
            long turnOutput = random.Next(50, 2_000) + turnReasoning;
            (input, cached, output, reasoning) = (input + turnInput, cached + turnCached, output + turnOutput, reasoning + turnReasoning);
            lines.Write(time, "event_msg", w =>
            {
                w.WriteString("type", "token_count");
                w.WriteStartObject("info");
                Usage(w, "total_token_usage", input, cached, output, reasoning);
                Usage(w, "last_token_usage", turnInput, turnCached, turnOutput, turnReasoning);
                w.WriteNumber("model_context_window", 272_000);
                w.WriteEndObject();
            });
            counts = counts with
            {
                InputTokens = counts.InputTokens + turnInput - turnCached,
                CachedTokens = counts.CachedTokens + turnCached,
                OutputTokens = counts.OutputTokens + turnOutput,
            };
        }
        await File.WriteAllBytesAsync(path, lines.ToArray(), cancellationToken);
        return counts;
    }

    private static void Usage(Utf8JsonWriter w, string name, long input, long cached, long output, long reasoning)
    {
        w.WriteStartObject(name);
        w.WriteNumber("input_tokens", input);
        w.WriteNumber("cached_input_tokens", cached);
        w.WriteNumber("output_tokens", output);
        w.WriteNumber("reasoning_output_tokens", reasoning);
        w.WriteNumber("total_tokens", input + output);
        w.WriteEndObject();
    }

    /// <summary>Rollout lines (<c>{timestamp, type, payload}</c>), one JSON object a line.</summary>
    private sealed class JsonLines : IDisposable
    {
        private readonly MemoryStream _bytes = new();

        public void Write(DateTimeOffset time, string type, Action<Utf8JsonWriter> payload)
        {
            using (var w = new Utf8JsonWriter(_bytes))
            {
                w.WriteStartObject();
                w.WriteString("timestamp", AgentSessionClock.Iso(time));
                w.WriteString("type", type);
                w.WriteStartObject("payload");
                payload(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            _bytes.WriteByte((byte)'\n');
        }

        public byte[] ToArray() => _bytes.ToArray();

        public void Dispose() => _bytes.Dispose();
    }
}
