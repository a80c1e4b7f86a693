using Hindsight.Sampling.Tests.Support;

namespace Hindsight.Sampling.Tests;

public sealed class TypoTableTests
{
    [Theory]
    [InlineData("teh tests fail", "the tests fail")]
    [InlineData("Teh tests fail", "The tests fail")]
    [InlineData("im sure", "I'm sure")]
    [InlineData("Im sure", "I'm sure")]
    [InlineData("it dont work, pls check", "it don't work, please check")]
    [InlineData("tehran and adnan stay", "tehran and adnan stay")]
    public async Task Correct_replaces_whole_words_and_carries_an_upper_case_first_letter(string typed, string expected)
    {
        var typos = await RepositoryFiles.LoadTyposAsync();

        Assert.Equal(expected, typos.Correct(typed));
    }

    [Fact]
    public async Task Every_correction_lists_its_misspellings()
    {
        var typos = await RepositoryFiles.LoadTyposAsync();

        Assert.Equal(["beacuse", "becuase"], typos.MisspellingsByCorrection["because"]);
        Assert.All(typos.Corrections, pair => Assert.Contains(pair.Key, typos.MisspellingsByCorrection[pair.Value]));
    }

    [Fact]
    public void Parse_rejects_a_line_that_is_not_a_pair()
    {
        var error = Assert.Throws<FormatException>(() => TypoTable.Parse("# comment\nteh\tthe\nbroken line\n"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_table_equals_the_file_once_the_project_embeds_it()
    {
        if (typeof(TypoTable).Assembly.GetManifestResourceInfo(TypoTable.ResourceName) is null)
        {
            Assert.Skip($"{TypoTable.ResourceName} is not embedded in the Hindsight assembly yet (csproj EmbeddedResource pending).");
        }
        var embedded = await TypoTable.LoadEmbeddedAsync(TestContext.Current.CancellationToken);
        var file = await RepositoryFiles.LoadTyposAsync();

        Assert.Equal(file.Corrections.OrderBy(p => p.Key, StringComparer.Ordinal), embedded.Corrections.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
