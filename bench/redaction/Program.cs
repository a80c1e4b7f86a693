using System.Diagnostics;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Extract;

namespace Hindsight.Bench.Redaction;

/// <summary>
/// `hindsight-redaction DIR`: parses every line of every *.jsonl file under DIR as stage 1 does (not timed), then
/// redacts each record's block texts and tool inputs and each dead letter with <see cref="BlockRedactor"/> on one thread,
/// timing only the redaction. Prints one JSON line: the redaction's thread CPU seconds and allocated bytes, how many
/// texts and characters it read, how many secrets it redacted, and a hash of every redacted text, so that two builds
/// can be compared for identical output as well as for cost.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length is not (1 or 2) || !Directory.Exists(args[^1]) || (args.Length == 2 && args[0] != "--rules"))
        {
            Console.Error.WriteLine("usage: hindsight-redaction [--rules] DIR");
            return 2;
        }

        if (args.Length == 2) return await RuleCosts.PrintAsync(args[1]);

        var totals = new Totals();
        var files = Directory.EnumerateFiles(args[^1], "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        var wall = Stopwatch.StartNew();
        foreach (var file in files) await RedactFileAsync(file, totals);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["files"] = totals.Files, ["texts"] = totals.Texts, ["characters"] = totals.Characters,
            ["redactions"] = totals.Redactions, ["redact_cpu_s"] = Math.Round(totals.Cpu.TotalSeconds, 3),
            ["redact_allocated_mb"] = Math.Round(totals.Allocated / 1048576.0, 1),
            ["output_hash"] = totals.Hash.GetCurrentHashAsUInt64().ToString("x16"),
            ["process_cpu_s"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 3),
            ["wall_s"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
        }));
        return 0;
    }

    private sealed class Totals
    {
        public long Files, Texts, Characters, Redactions, Allocated;
        public TimeSpan Cpu;
        public XxHash64 Hash { get; } = new();
    }

    private static async Task RedactFileAsync(string path, Totals totals)
    {
        var fileId = Path.GetFileNameWithoutExtension(path);
        var parsed = new List<ParsedLine>();
        await using (var stream = File.OpenRead(path))
        {
            var reader = new JsonlLineReader();
            await reader.ReadAsync(stream, 0, 1, line =>
            {
                parsed.Add(TranscriptLineParser.Parse(fileId, line));
                return ValueTask.CompletedTask;
            }, CancellationToken.None);
        }

        totals.Files++;
        var redacted = new List<object>(parsed.Count);
        var cpuBefore = ThreadCpu();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long redactions = 0;
        foreach (var line in parsed)
        {
            if (line.Record is { } record) redacted.Add(BlockRedactor.Redact(record, ref redactions));
            else redacted.Add(BlockRedactor.Redact(line.DeadLetter!, ref redactions));
        }

        totals.Cpu += ThreadCpu() - cpuBefore;
        totals.Allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        totals.Redactions += redactions;
        foreach (var item in redacted)
        {
            if (item is TranscriptRecord record)
            {
                foreach (var block in record.Blocks)
                {
                    Add(totals, block.Text);
                    Add(totals, block.ToolInput);
                }
            }
            else if (item is DeadLetter letter)
            {
                Add(totals, letter.Detail);
                totals.Hash.Append(letter.RawPrefix);
            }
        }
    }

    private static void Add(Totals totals, string? text)
    {
        if (text is null) return;
        totals.Texts++;
        totals.Characters += text.Length;
        // A separator after each text, so that moving characters between neighbouring texts changes the hash.
        totals.Hash.Append(Encoding.UTF8.GetBytes(text + "\u0001"));
    }

    // The process's CPU time: redaction runs on this one thread; the runtime's JIT and GC threads are counted with it.
    private static TimeSpan ThreadCpu() => Process.GetCurrentProcess().TotalProcessorTime;
}
