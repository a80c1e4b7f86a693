using System.Globalization;

namespace Hindsight.Sampling;

/// <summary>
/// How big a generated corpus is and which seed makes it. Targets are aimed at, not hit exactly: line counts
/// overshoot by at most a turn per file, bytes follow the payload budget. The presets are the corpora of the
/// seed's reports: <see cref="SeedScale"/> (1,044 files, 80k lines) and <see cref="HeavyScale"/> (3,550 files,
/// 200k lines, 2.2 GB, one file of about 500 MB); <see cref="FileScale"/> scales the seed mix to any file count.
/// </summary>
public sealed record CorpusSpec
{
    public const int DefaultSeed = 1;

    private const int SeedFiles = 1_044;
    private const long SeedLines = 80_000;
    private const long SeedBytes = 250_000_000;

    /// <summary>Preset name ("seed", "heavy", a file count) or "custom"; recorded in the summary.</summary>
    public string Scale { get; init; } = "custom";

    /// <summary>Number of .jsonl files (sidecar .meta.json files come on top).</summary>
    public required int Files { get; init; }

    public required long TargetLines { get; init; }
    public required long TargetBytes { get; init; }

    /// <summary>Size of one giant session file included in <see cref="TargetBytes"/>; 0 for none.</summary>
    public long GiantFileBytes { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    public static CorpusSpec SeedScale(int seed = DefaultSeed) => new()
    {
        Scale = "seed",
        Files = SeedFiles,
        TargetLines = SeedLines,
        TargetBytes = SeedBytes,
        Seed = seed,
    };

    public static CorpusSpec HeavyScale(int seed = DefaultSeed) => new()
    {
        Scale = "heavy",
        Files = 3_550,
        TargetLines = 200_000,
        TargetBytes = 2_200_000_000,
        GiantFileBytes = 500_000_000,
        Seed = seed,
    };

    /// <summary>The seed mix scaled to <paramref name="files"/> files: lines and bytes in the seed's proportions.</summary>
    public static CorpusSpec FileScale(int files, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files, 1);
        return new CorpusSpec
        {
            Scale = files.ToString(CultureInfo.InvariantCulture),
            Files = files,
            TargetLines = Math.Max(files, SeedLines * files / SeedFiles),
            TargetBytes = SeedBytes * files / SeedFiles,
            Seed = seed,
        };
    }

    /// <summary>Reads a <c>--scale</c> value: <c>seed</c>, <c>heavy</c> or a positive file count.</summary>
    public static CorpusSpec Parse(string scale, int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return scale.Trim().ToLowerInvariant() switch
        {
            "seed" => SeedScale(seed),
            "heavy" => HeavyScale(seed),
            var text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var files) && files > 0 =>
                FileScale(files, seed),
            _ => throw new ArgumentException($"Unknown scale '{scale}': use 'seed', 'heavy' or a number of files.", nameof(scale)),
        };
    }

    internal void Validate()
    {
        if (Files < 1)
        {
            throw new ArgumentException("A corpus needs at least one file.", nameof(Files));
        }
        if (TargetLines < Files)
        {
            throw new ArgumentException($"TargetLines ({TargetLines}) must be at least the number of files ({Files}).", nameof(TargetLines));
        }
        if (TargetBytes < 0 || GiantFileBytes < 0 || GiantFileBytes > TargetBytes)
        {
            throw new ArgumentException("TargetBytes must be positive and at least GiantFileBytes.", nameof(TargetBytes));
        }
    }
}
