using System.Diagnostics;
using System.Text.RegularExpressions;
using Hindsight.Correction.Protection;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Bench.Redaction;

/// <summary>
/// `hindsight-redaction --rules DIR`: which rules cost what when each runs, compiled, over every whole text that holds
/// one of its keywords (the detector before windows): per rule, the texts it ran on, their characters and the seconds.
/// </summary>
internal static class RuleCosts
{
    public static async Task<int> PrintAsync(string directory)
    {
        var rules = SecretDetector.Patterns;
        var regexes = rules.Select(rule => new Regex(rule.Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)).ToArray();
        var ticks = new long[rules.Count];
        var texts = new long[rules.Count];
        var characters = new long[rules.Count];
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            await new JsonlLineReader().ReadAsync(stream, 0, 1, line =>
            {
                if (TranscriptLineParser.Parse("f", line).Record is not { } record) return ValueTask.CompletedTask;
                foreach (var block in record.Blocks)
                {
                    foreach (var text in new[] { block.Text, block.ToolInput })
                    {
                        if (text is null) continue;
                        for (var index = 0; index < rules.Count; index++)
                        {
                            if (!rules[index].Keywords.Any(keyword => text.Contains(keyword, StringComparison.OrdinalIgnoreCase))) continue;
                            var started = Stopwatch.GetTimestamp();
                            _ = regexes[index].Count(text);
                            ticks[index] += Stopwatch.GetTimestamp() - started;
                            texts[index]++;
                            characters[index] += text.Length;
                        }
                    }
                }

                return ValueTask.CompletedTask;
            }, CancellationToken.None);
        }

        foreach (var index in Enumerable.Range(0, rules.Count).OrderByDescending(index => ticks[index]))
            Console.WriteLine($"{rules[index].Name,-28} {Stopwatch.GetElapsedTime(0, ticks[index]).TotalSeconds,8:F3} s {texts[index],8} texts {characters[index] / 1e6,8:F1} M chars");
        return 0;
    }
}
