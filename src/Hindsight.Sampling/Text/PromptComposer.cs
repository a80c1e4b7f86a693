using System.Text;
using System.Text.RegularExpressions;

namespace Hindsight.Sampling;

/// <summary>
/// Writes human prompts and steering texts from templates. Slot values (code, logs, URLs, paths, fake secrets) are
/// protected: typos go only into the template's own words, replacing a correct word by one of its misspellings from
/// the typo table, so the expected correction of every text is the text before the typos went in.
/// </summary>
internal sealed partial class PromptComposer(TypoTable typos)
{
    private const double TypoProbability = 0.35;
    private const double SecretProbability = 0.03;

    public ComposedText Prompt(DeterministicRandom random)
    {
        var template = random.Chance(SecretProbability)
            ? random.Pick(TextPools.SecretPromptTemplates)
            : random.Pick(TextPools.PromptTemplates);
        return Compose(template, random, capitalizeChance: 0.4);
    }

    public ComposedText Steering(DeterministicRandom random) =>
        Compose(random.Pick(TextPools.SteeringTemplates), random, capitalizeChance: 0.2);

    private ComposedText Compose(string template, DeterministicRandom random, double capitalizeChance)
    {
        var segments = new List<Segment>();
        var hasSecret = false;
        var hasPath = false;
        var position = 0;
        foreach (Match slot in SlotPattern().Matches(template))
        {
            if (slot.Index > position)
            {
                segments.Add(new Segment(template[position..slot.Index], IsProse: true));
            }
            var name = slot.Groups[1].Value;
            hasSecret |= name is "openai" or "github" or "aws";
            hasPath |= name is "path" or "test";
            segments.Add(new Segment(FillSlot(name, random), IsProse: false));
            position = slot.Index + slot.Length;
        }
        if (position < template.Length)
        {
            segments.Add(new Segment(template[position..], IsProse: true));
        }

        if (segments[0].IsProse && random.Chance(capitalizeChance))
        {
            var first = segments[0].Text;
            segments[0] = segments[0] with { Text = char.ToUpperInvariant(first[0]) + first[1..] };
        }

        var expected = string.Concat(segments.Select(segment => segment.Text));
        var edits = new List<TypoEdit>();
        if (random.Chance(TypoProbability))
        {
            InsertTypos(segments, random, edits);
        }
        var typed = string.Concat(segments.Select(segment => segment.Text));
        return new ComposedText(
            typed,
            expected,
            edits,
            hasSecret,
            HasCode: typed.Contains('`', StringComparison.Ordinal),
            HasUrl: typed.Contains("https://", StringComparison.Ordinal),
            HasPath: hasPath);
    }

    private void InsertTypos(List<Segment> segments, DeterministicRandom random, List<TypoEdit> edits)
    {
        var candidates = new List<(int Segment, int Index, int Length, string Misspelling)>();
        for (var s = 0; s < segments.Count; s++)
        {
            if (!segments[s].IsProse)
            {
                continue;
            }
            foreach (Match word in WordPattern().Matches(segments[s].Text))
            {
                if (MisspellingFor(word.Value, random) is { } misspelling)
                {
                    candidates.Add((s, word.Index, word.Length, misspelling));
                }
            }
        }
        var wanted = Math.Min(candidates.Count, random.PickWeighted([0.6, 0.3, 0.1]) + 1);
        var chosen = new List<(int Segment, int Index, int Length, string Misspelling)>();
        while (chosen.Count < wanted)
        {
            var pick = candidates[random.Next(candidates.Count)];
            if (!chosen.Contains(pick))
            {
                chosen.Add(pick);
            }
        }
        // Replace right to left so earlier indexes stay valid.
        foreach (var edit in chosen.OrderByDescending(c => c.Segment).ThenByDescending(c => c.Index))
        {
            var text = segments[edit.Segment].Text;
            edits.Add(new TypoEdit(edit.Misspelling, text.Substring(edit.Index, edit.Length)));
            segments[edit.Segment] = segments[edit.Segment] with
            {
                Text = string.Concat(text.AsSpan(0, edit.Index), edit.Misspelling, text.AsSpan(edit.Index + edit.Length)),
            };
        }
        edits.Reverse();
    }

    /// <summary>
    /// A misspelling whose correction gives back exactly <paramref name="word"/>: the table's own spelling takes a
    /// lower-case misspelling ("I'm" ← "im"), a capitalised word a capitalised one ("The" ← "Teh").
    /// </summary>
    private string? MisspellingFor(string word, DeterministicRandom random)
    {
        if (!typos.MisspellingsByCorrection.TryGetValue(word, out var misspellings))
        {
            return null;
        }
        var correction = typos.Corrections[misspellings[0]];
        var misspelling = random.Pick(misspellings);
        if (string.Equals(word, correction, StringComparison.Ordinal))
        {
            return misspelling;
        }
        var capitalized = string.Concat(char.ToUpperInvariant(correction[0]).ToString(), correction.AsSpan(1));
        return string.Equals(word, capitalized, StringComparison.Ordinal)
            ? string.Concat(char.ToUpperInvariant(misspelling[0]).ToString(), misspelling.AsSpan(1))
            : null;
    }

    private static string FillSlot(string name, DeterministicRandom random) => name switch
    {
        "func" or "func2" => random.Pick(TextPools.FunctionNames),
        "path" => random.Pick(TextPools.SourceFiles),
        "test" => random.Pick(TextPools.TestFiles),
        "cmd" => random.Pick(TextPools.Commands),
        "url" => random.Pick(TextPools.Urls),
        "inline" => random.Pick(TextPools.TypeScriptLines) is { Length: > 0 } line ? line.Trim() : "return tokens;",
        "error" => Lines(TextPools.ErrorLines, random, random.Next(1, 4)),
        "log" => Lines(random.Chance(0.5) ? TextPools.ErrorLines : TextPools.BashOutputLines, random, random.LogNormalInt(14, 0.9, 3, 160)),
        "openai" => FakeSecrets.OpenAiKey(random),
        "github" => FakeSecrets.GitHubToken(random),
        "aws" => FakeSecrets.AwsAccessKeyId(random),
        _ => throw new InvalidOperationException($"Unknown prompt slot '{name}'."),
    };

    private static string Lines(IReadOnlyList<string> pool, DeterministicRandom random, int count)
    {
        var builder = new StringBuilder();
        var start = random.Next(pool.Count);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }
            builder.Append(pool[(start + i) % pool.Count]);
        }
        return builder.ToString();
    }

    [GeneratedRegex(@"\{([a-z0-9]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex SlotPattern();

    [GeneratedRegex(@"[A-Za-z][A-Za-z']*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    private sealed record Segment(string Text, bool IsProse);
}
