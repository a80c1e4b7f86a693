using Hindsight.Sources.Codex;

namespace Hindsight.Tests.Sources.Codex;

public sealed class CodexServiceTierTests
{
    [Fact]
    public void A_top_level_priority_service_tier_is_read() =>
        Assert.Equal("priority", CodexServiceTier.TierOf("model = \"gpt-5-codex\"\nservice_tier = \"priority\"\n"));

    [Fact]
    public void A_service_tier_inside_a_table_is_not_the_top_level_setting() =>
        Assert.Null(CodexServiceTier.TierOf("model = \"gpt-5-codex\"\n\n[profiles.fast]\nservice_tier = \"priority\"\n"));

    [Fact]
    public void A_config_that_is_not_toml_means_the_standard_tier() =>
        Assert.Null(CodexServiceTier.TierOf("service_tier = = \"priority\"\n[unclosed"));

    [Fact]
    public void The_fixture_homes_say_standard_and_priority()
    {
        Assert.False(CodexServiceTier.IsPriority(Path.Combine(RepositoryPaths.Fixtures, "codex", "home")));
        Assert.True(CodexServiceTier.IsPriority(Path.Combine(RepositoryPaths.Fixtures, "codex", "priority")));
    }

    [Fact]
    public void A_home_without_config_toml_is_standard()
    {
        using var dir = new TempDirectory();
        Assert.False(CodexServiceTier.IsPriority(dir.Path));
    }
}
