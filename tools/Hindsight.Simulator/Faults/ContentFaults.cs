using System.Text.RegularExpressions;

namespace Hindsight.Simulator;

/// <summary>
/// Spoils a correct answer in one of the ways a real model does. Faults that need something to act
/// on (an item, an item with a placeholder) are not applied when there is none, and the answer goes
/// out correct: the request then counts as succeeded, not as faulted.
/// </summary>
internal static class ContentFaults
{
    private static readonly string[] Rewrites =
    [
        "Sure! Here is what I would do instead: rewrite the whole module from scratch and skip the tests for now.",
        "I cannot help with that request, but I can explain how the build system works if you like.",
        "Great question. The answer depends on your configuration, so please share more details first.",
        "Done. I also renamed every variable and removed the error handling to keep things short.",
    ];

    private static readonly string[] Prose =
    [
        "I'm sorry, but I can't process this request right now.",
        "Here are the corrections you asked for: all items look fine to me.",
    ];

    public static FaultedContent Apply(FaultKind fault, List<BatchItem> corrections, Random random)
    {
        switch (fault)
        {
            case FaultKind.MalformedJson:
                return Malformed(CorrectionContent.Serialize(corrections), random);
            case FaultKind.MissingId when corrections.Count > 0:
                corrections.RemoveAt(random.Next(corrections.Count));
                return Applied(corrections);
            case FaultKind.ExtraId:
                corrections.Insert(random.Next(corrections.Count + 1), new BatchItem(UnsentId(corrections, random), "An item nobody asked for."));
                return Applied(corrections);
            case FaultKind.DuplicateId when corrections.Count > 0:
                var repeated = random.Next(corrections.Count);
                corrections.Insert(repeated + 1, corrections[repeated]);
                return Applied(corrections);
            case FaultKind.TamperedPlaceholder:
                return TamperPlaceholder(corrections, random);
            case FaultKind.Rewrite when corrections.Count > 0:
                var rewritten = random.Next(corrections.Count);
                corrections[rewritten] = corrections[rewritten] with { Text = RewriteOf(corrections[rewritten].Text, random) };
                return Applied(corrections);
            default:
                return new FaultedContent(CorrectionContent.Serialize(corrections), "stop", Applied: false);
        }
    }

    private static FaultedContent Applied(List<BatchItem> corrections) =>
        new(CorrectionContent.Serialize(corrections), "stop", Applied: true);

    private static FaultedContent Malformed(string content, Random random)
    {
        // A proper prefix of a JSON object never parses: its outer brace is never closed.
        return random.Next(2) == 0
            ? new FaultedContent(content[..(content.Length / 2)], "length", Applied: true)
            : new FaultedContent(Prose[random.Next(Prose.Length)], "stop", Applied: true);
    }

    private static string UnsentId(List<BatchItem> corrections, Random random)
    {
        while (true)
        {
            var candidate = $"sim-extra-{random.Next(1_000_000):D6}";
            if (!corrections.Exists(item => item.Id == candidate))
            {
                return candidate;
            }
        }
    }

    private static FaultedContent TamperPlaceholder(List<BatchItem> corrections, Random random)
    {
        var eligible = Enumerable.Range(0, corrections.Count)
            .Where(index => Placeholders.Pattern().IsMatch(corrections[index].Text))
            .ToList();
        if (eligible.Count == 0)
        {
            return new FaultedContent(CorrectionContent.Serialize(corrections), "stop", Applied: false);
        }
        var index = eligible[random.Next(eligible.Count)];
        var text = corrections[index].Text;
        var matches = Placeholders.Pattern().Matches(text);
        var target = matches[random.Next(matches.Count)];
        var replacement = random.Next(2) == 0 ? $"⟦P{UnusedNumber(matches)}⟧" : "";
        corrections[index] = corrections[index] with
        {
            Text = string.Concat(text.AsSpan(0, target.Index), replacement, text.AsSpan(target.Index + target.Length)),
        };
        return Applied(corrections);
    }

    private static int UnusedNumber(MatchCollection placeholders) =>
        placeholders.Max(match => int.TryParse(match.Groups[1].ValueSpan, out var number) ? number : 0) + 8;

    private static string RewriteOf(string original, Random random)
    {
        var placeholders = Placeholders.In(original);
        var sentence = Rewrites[random.Next(Rewrites.Length)];
        var rewrite = placeholders.Count == 0 ? sentence : $"{sentence} {string.Join(' ', placeholders)}";
        // Different length guarantees the text really changed, whatever the original was.
        return rewrite.Length == original.Length ? rewrite + " Let me know if you need anything else." : rewrite;
    }
}
