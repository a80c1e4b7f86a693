using System.Text;
using System.Text.Json;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discovery;

namespace Hindsight.Tests.Sources.Legacy;

/// <summary>TEMPORARY: the walk against the JsonDocument parser on every line of the fixtures and the shared transcripts, and mutations of them.</summary>
public sealed class ParserDifferentialTests
{
    private static readonly string[] Roots = [Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../fixtures")), "/work/shared/transcripts"];

    private static readonly string[] Tricky =
    [
        """{"type":"user","type":5}""",
        """{"type":5,"type":"user"}""",
        """{"type":"user","message":{"id":"a","content":"x"},"message":"str"}""",
        """{"type":"user","message":{"id":"a","content":"x"},"message":{"role":"r"}}""",
        """{"content":[{"text":"a","type":"text"}],"type":"queue-operation","operation":"enqueue"}""",
        """{"content":"q","type":"queue-operation"}""",
        """{"type":"attachment","attachment":{"type":"queued_command","prompt":[{"type":"text","text":"p"},"s",5,null,[1,2]],"origin":{"kind":"k"}}}""",
        """{"type":"attachment","origin":5,"attachment":{"origin":{"kind":"inner"}}}""",
        """{"type":"attachment","origin":{},"attachment":{"origin":{"kind":"inner"}}}""",
        """{"type":"progress","data":{"type":"bash_progress"},"data":5}""",
        """{"type":"system","subtype":"x","content":"c"}""",
        """{"type":"assistant","message":{"content":[{"type":"thinking","text":"a","type":"text"},{"thinking":"t","type":"thinking"}]}}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":"a"},{"text":"b","type":"text"},{"type":"image"},{"type":"te\u0078t","text":"c"},"s",{"type":"text","text":5}],"is_error":true}]}}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","content":[{"type":"image"}]},{"type":"tool_result","content":5},{"type":"tool_result","content":"plain\u0000nul"}]}}""",
        """{"type":"user","message":{"content":[{"type":"image","source":{"data":"QUJD","media_type":"image/png"}},{"type":"image","source":{"data":"QUI=","media_type":5}},{"type":"image","source":{"data":"QQ=="}},{"type":"image","source":"x"},{"type":"image","source":{"data":"QQ\u003d\u003d"}}]}}""",
        """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"i","name":"Bash","input":{"command":"ls \u0000","x":[1,{"y":2}]}},{"type":"server_tool_use","input":null},{"type":"tool_use","input":"s"},{"type":"tool_use","input":1.5e3},{"type":"mcp_tool_result","tool_use_id":"u","is_error":"no"},{"type":"other","text":"t"},{"notype":1}]}}""",
        """{"type":"assistant","message":{"usage":{"input_tokens":1,"output_tokens":-1,"cache_creation_input_tokens":0,"cache_read_input_tokens":1.5,"cache_creation":{"ephemeral_5m_input_tokens":5,"ephemeral_1h_input_tokens":"x"},"speed":"fast"},"usage":5}}""",
        """{"type":"assistant","message":{"usage":{"input_tokens":1099511627777,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"cache_creation_input_tokens":null}}}""",
        """{"type":"assistant","message":{"usage":{"cache_creation":{"ephemeral_5m_input_tokens":3},"cache_creation":5}}}""",
        """{"type":"assistant","effort":5,"error":{"type":"server_error","message":"m"},"costUSD":1e400}""",
        """{"type":"assistant","effort":true,"error":{"message":"only message"},"costUSD":0.25}""",
        """{"type":"assistant","effort":{"x":1},"error":[1],"costUSD":"1"}""",
        """{"type":"assistant","effort":-1.50E+2,"error":false}""",
        """{"type":"user","timestamp":"2026-11-26T09:01:09.930Z","isSidechain":"true","isMeta":null,"uuid":"a\u0000b","sessionId":"\ud83d","cwd":"\ud83d\ude00","gitBranch":"\udc00x"}""",
        """{"type":"user","timestamp":"not a time","version":"\u0032.1"}""",
        """{"t\u0079pe":"escaped name","\u0074ype":"user"}""",
        """{"type":""}""",
        """{"type":"\u0000"}""",
        """{"typ":"user"}""",
        """[1,2]""", """"str"""", """5""", """true""", """false""", """null""", """[1,2] x""", """{} {}""", """{"type":"user"} x""",
        """{"type":"user",}""", """{"type":"user\u12"}""", """{"type":"user"}""", """ {"type":"user"} """, "{\"type\":\"user\"}\t",
        "\uFEFF{\"type\":\"user\"}", """{"type":"user","x":[[[[[[[[[[{"deep":1}]]]]]]]]]]}""",
        """{"type":"user","a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":1}}}}}}}}}}""",
        """{"type":"user","a":{"b[]":{"c":1},"b":[{"c":2}]}}""",
        """{"type":"user","12345678":{"deadbeef-1234":1},"/path/x":[1,2,3,4,5,6,{"z":1}],"":1,"a b":2}""",
        """{"type":"user","message":{"content":[1,2,3,4,5,6,{"type":"text","text":"sixth"}]}}""",
        """{"type":"user","message":{"content":{"type":"text"}}}""",
        """{"type":"user","message":{"content":null}}""",
        "{\"type\":\"user\",\"message\":{\"content\":\"" + new string('x', 70000) + "\"}}",
        new string('[', 300) + new string(']', 300),
        "{\"type\":\"user\",\"x\":" + new string('[', 260) + new string(']', 260) + "}",
        "{\"type\":\"user\",\"x\":" + new string('[', 254) + new string(']', 254) + "}",
        "{\"type\":\"user\",\"x\":" + new string('[', 255) + new string(']', 255) + "}",
    ];

    [Fact]
    public async Task The_walk_and_the_JsonDocument_parser_agree_on_every_line()
    {
        var differences = new List<string>();
        long lines = 0, records = 0, dead = 0, files = 0, mutated = 0;
        var random = new Random(12);
        var fileLines = new List<(string Name, List<byte[]> Lines)>();
        foreach (var root in Roots)
        {
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var list = new List<byte[]>();
                await using var stream = File.OpenRead(path);
                await new JsonlLineReader(64 * 1024).ReadAsync(stream, 0, 1, line =>
                {
                    list.Add(line.IsTooLong ? [] : line.Bytes.ToArray());
                    return ValueTask.CompletedTask;
                }, CancellationToken.None);
                fileLines.Add((path, list));
            }
        }
        fileLines.Add(("tricky", Tricky.Select(Encoding.UTF8.GetBytes).ToList()));
        var mutants = new List<byte[]>();
        byte[] inserts = "\"}]\\,:{[ 0u\u00e9"u8.ToArray();
        foreach (var (_, list) in fileLines)
        {
            foreach (var line in list.Where(l => l.Length > 2).Take(40))
            {
                for (int k = 0; k < 6; k++)
                {
                    int at = random.Next(line.Length);
                    mutants.Add(line[..at]);
                    var flipped = (byte[])line.Clone();
                    flipped[at] = inserts[random.Next(inserts.Length)];
                    mutants.Add(flipped);
                }
            }
        }
        mutated = mutants.Count;
        fileLines.Add(("mutants", mutants));

        foreach (var (name, list) in fileLines)
        {
            files++;
            var oldProfile = new FileProfile { ProfileFormat = 1 };
            var newProfile = new FileProfile { ProfileFormat = 1 };
            var oldInventory = new LegacyFieldInventory();
            var oldDrift = new LegacyDriftCollector(oldProfile);
            var newDrift = new DriftCollector(newProfile);
            var observers = new FieldObservers(new FieldInventory(newProfile), newDrift);
            long number = 0;
            foreach (var bytes in list)
            {
                number++;
                if (bytes.Length == 0) continue;
                lines++;
                var line = new JsonlLine(number, number * 10, number * 10 + bytes.Length + 1, bytes, bytes.Length, false, null);
                foreach (var keepRaw in new[] { true, false })
                {
                    var old = LegacyTranscriptLineParser.Parse("f", line, keepRaw);
                    var now = TranscriptLineParser.Parse("f", line, keepRaw);
                    var difference = Compare(old, now);
                    if (difference is not null) differences.Add($"{name}:{number} keepRaw={keepRaw}: {difference}\n  {Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 300)])}");
                    if (keepRaw && old.Record is not null) records++;
                    if (keepRaw && old.DeadLetter is not null) dead++;
                }
                var oldParsed = LegacyTranscriptLineParser.Parse("f", line, keepRaw: false, visitRoot: root =>
                {
                    oldInventory.Collect(root, oldProfile);
                    oldDrift.CollectFields(root);
                });
                if (oldParsed.Record is { } oldRecord) Count(oldProfile, oldRecord, oldDrift.See);
                var newParsed = TranscriptLineParser.Parse("f", line, keepRaw: false, observer: observers);
                if (newParsed.Record is { } newRecord) Count(newProfile, newRecord, newDrift.See);
            }
            var oldJson = JsonSerializer.Serialize(oldProfile);
            var newJson = JsonSerializer.Serialize(newProfile);
            if (oldJson != newJson) differences.Add($"{name}: profiles differ\n  old {oldJson}\n  new {newJson}");
        }
        var summary = $"files {files}, lines {lines} (of which {mutated} mutants), records {records}, dead letters {dead}, differences {differences.Count}";
        await File.WriteAllTextAsync("/tmp/parser-differential.txt", summary + "\n" + string.Join("\n", differences.Take(200)), TestContext.Current.CancellationToken);
        Assert.True(differences.Count == 0, summary + "\n" + string.Join("\n", differences.Take(20)));
    }

    private static void Count(FileProfile profile, TranscriptRecord record, Action<TranscriptRecord> see)
    {
        see(record);
        profile.Records++;
        FileProfile.Count(profile.RecordTypes, record.Type);
        foreach (var block in record.Blocks) FileProfile.Count(profile.BlockTypes, block.BlockType + "/" + block.ToolName);
    }

    private static string? Compare(ParsedLine old, ParsedLine now)
    {
        if (old.DeadLetter is { } d)
        {
            if (now.DeadLetter is not { } e) return "old dead (" + d.Reason + ": " + d.Detail + "), new record";
            if ((d.FileId, d.LineNumber, d.ByteOffset, d.Reason, d.Detail, d.RawLength, d.RawSha256) != (e.FileId, e.LineNumber, e.ByteOffset, e.Reason, e.Detail, e.RawLength, e.RawSha256)
                || !d.RawPrefix.AsSpan().SequenceEqual(e.RawPrefix))
                return $"dead letters differ: {d.Reason} {d.Detail} / {e.Reason} {e.Detail}";
            return null;
        }
        if (now.Record is not { } n) return "old record, new dead: " + now.DeadLetter!.Reason + ": " + now.DeadLetter.Detail;
        var o = old.Record!;
        if (!o.Raw.AsSpan().SequenceEqual(n.Raw)) return "raw differs";
        if (!o.Blocks.SequenceEqual(n.Blocks))
            return "blocks differ:\n    " + string.Join("\n    ", o.Blocks) + "\n  vs\n    " + string.Join("\n    ", n.Blocks);
        byte[] raw = [];
        IReadOnlyList<TranscriptContentBlock> blocks = [];
        var a = o with { Raw = raw, Blocks = blocks };
        var b = n with { Raw = raw, Blocks = blocks };
        if (a != b || o.Timestamp?.Offset != n.Timestamp?.Offset) return $"records differ:\n    {a}\n    {b}";
        return null;
    }
}
