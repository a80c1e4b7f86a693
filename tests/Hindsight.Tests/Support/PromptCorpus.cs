using System.Globalization;
using Hindsight.Correction;

namespace Hindsight.Tests.Support;

/// <summary>
/// Deterministic prompts with misspellings from the shared typo table, most of them carrying protected spans
/// (code, URLs, paths) and every tenth a planted secret, remembered so tests can look for it in what was sent.
/// </summary>
internal sealed class PromptCorpus
{
    private static readonly string[] Openings = ["pls", "can you", "could you", "now", "ok so", "Hey,"];
    private static readonly string[] Verbs = ["check", "fix", "look at", "update", "review", "explain"];
    private static readonly string[] Nouns = ["the build", "this test", "the parser", "my config", "the docs", "that loop"];

    private PromptCorpus(IReadOnlyList<CorrectionTarget> targets, IReadOnlyList<string> secrets)
    {
        Targets = targets;
        Secrets = secrets;
    }

    internal IReadOnlyList<CorrectionTarget> Targets { get; }

    internal IReadOnlyList<string> Secrets { get; }

    /// <summary><paramref name="count"/> distinct prompts; every <paramref name="duplicateEvery"/>-th target repeats an earlier text under a new id.</summary>
    internal static PromptCorpus Create(TypoOracle oracle, int count, int seed, int duplicateEvery = 0)
    {
        var random = new Random(seed);
        var misspellings = oracle.Misspellings;
        var targets = new List<CorrectionTarget>(count);
        var secrets = new List<string>();
        for (var index = 0; index < count; index++)
        {
            var id = $"entity-{seed}-{index:D5}";
            if (duplicateEvery > 0 && index > 0 && index % duplicateEvery == 0)
            {
                targets.Add(new CorrectionTarget(id, targets[random.Next(targets.Count)].Text));
                continue;
            }

            var text = string.Create(CultureInfo.InvariantCulture,
                $"{Pick(random, Openings)} {Pick(random, Verbs)} {misspellings[random.Next(misspellings.Count)]} in {Pick(random, Nouns)} number {index} {misspellings[random.Next(misspellings.Count)]} it");
            text += (index % 5) switch
            {
                0 => string.Create(CultureInfo.InvariantCulture, $" with `dotnet tset --filter teh{index}`"),
                1 => string.Create(CultureInfo.InvariantCulture, $" see https://exmaple.com/issues/{index}?q=teh"),
                2 => string.Create(CultureInfo.InvariantCulture, $" in src/app/teh{index}.cs and /var/log/recieve{index}.log"),
                3 => string.Create(CultureInfo.InvariantCulture, $"\n```\nvar teh = {index};\n```\nthanks"),
                _ => "",
            };
            if (index % 10 == 7)
            {
                var secret = (index / 10 % 4) switch
                {
                    0 => "sk-proj-" + RandomToken(random, 40),
                    1 => "AKIA" + RandomToken(random, 16).ToUpperInvariant(),
                    2 => "ghp_" + RandomToken(random, 36),
                    _ => "xoxb-" + RandomToken(random, 24),
                };
                secrets.Add(secret);
                text += $" and my key is {secret} pls dont leak it";
            }

            targets.Add(new CorrectionTarget(id, text));
        }

        return new PromptCorpus(targets, secrets);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string RandomToken(Random random, int length)
    {
        const string Alphabet = "abcdefghijkmnopqrstuvwxyz0123456789";
        return new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
    }
}
