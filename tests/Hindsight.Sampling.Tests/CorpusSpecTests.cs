namespace Hindsight.Sampling.Tests;

public sealed class CorpusSpecTests
{
    [Fact]
    public void The_seed_preset_is_the_corpus_of_the_seeds_reports()
    {
        var spec = CorpusSpec.SeedScale();

        Assert.Equal(("seed", 1_044, 80_000L, 250_000_000L, 0L, CorpusSpec.DefaultSeed),
            (spec.Scale, spec.Files, spec.TargetLines, spec.TargetBytes, spec.GiantFileBytes, spec.Seed));
    }

    [Fact]
    public void The_heavy_preset_is_the_seeds_later_manifest_with_one_giant_file()
    {
        var spec = CorpusSpec.HeavyScale(seed: 9);

        Assert.Equal(("heavy", 3_550, 200_000L, 2_200_000_000L, 500_000_000L, 9),
            (spec.Scale, spec.Files, spec.TargetLines, spec.TargetBytes, spec.GiantFileBytes, spec.Seed));
    }

    [Fact]
    public void A_file_count_scales_the_seed_mix_in_proportion()
    {
        var spec = CorpusSpec.FileScale(522);

        Assert.Equal(("522", 522, 40_000L, 125_000_000L, 0L), (spec.Scale, spec.Files, spec.TargetLines, spec.TargetBytes, spec.GiantFileBytes));
    }

    [Theory]
    [InlineData("seed", 1_044)]
    [InlineData(" Heavy ", 3_550)]
    [InlineData("200", 200)]
    public void Parse_accepts_seed_heavy_or_a_file_count(string scale, int files)
    {
        Assert.Equal(files, CorpusSpec.Parse(scale, seed: 3).Files);
        Assert.Equal(3, CorpusSpec.Parse(scale, seed: 3).Seed);
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("")]
    public void Parse_rejects_anything_else_with_a_message_that_lists_the_choices(string scale)
    {
        var error = Assert.Throws<ArgumentException>(() => CorpusSpec.Parse(scale));

        Assert.Contains("'seed', 'heavy' or a number of files", error.Message, StringComparison.Ordinal);
    }
}
