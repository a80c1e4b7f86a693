using Hindsight.Correction.Providers;

namespace Hindsight.Tests.Correction.Providers;

/// <summary>The provider key and any long piece of it are removed from what a provider sends back.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "Qm7FAKEz0v3kXy9w2Lp4Rt6Wn8Bc1Hd5";
    private readonly ApiKey _key = new(Key);

    [Theory]
    [InlineData("whole: " + Key + " end")]
    [InlineData("partial: Qm7FAKEz0v3kXy9w2Lp4Rt6Wn8Bc end")]
    [InlineData("a piece: z0v3kXy9 end")]
    [InlineData("in another case: QM7FAKEZ0V3KXY9W2LP4 end")]
    public void An_echo_of_eight_or_more_characters_of_the_key_is_removed(string answer)
    {
        var redacted = _key.Redact(answer);

        Assert.Contains(ApiKey.Redaction, redacted, StringComparison.Ordinal);
        Assert.EndsWith(" end", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Xy9w", redacted, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Qm7FAKEz0v3kXy9w\n2Lp4Rt6Wn8Bc1Hd5")]
    [InlineData("Qm7FAKEz0v3kXy9w\\n2Lp4Rt6Wn8Bc1Hd5")]
    [InlineData("Qm7FAKEz0v3k Xy9w2Lp4Rt6W  n8Bc1Hd5")]
    public void A_key_split_by_line_breaks_escapes_or_spaces_is_removed_whole(string split)
    {
        var redacted = _key.Redact($"{{\"id\":\"1\",\"corrected\":\"{split}\"}}");

        Assert.Equal("{\"id\":\"1\",\"corrected\":\"[redacted]\"}", redacted);
    }

    [Fact]
    public void Ordinary_text_and_short_coincidences_are_left_alone()
    {
        const string text = "please fix the parser: Qm7 and FAKE and 1Hd5 are not the key";

        Assert.Same(text, _key.Redact(text));
    }

    [Fact]
    public void A_short_key_is_removed_only_whole()
    {
        var shortKey = new ApiKey("dev42");

        Assert.Equal("key [redacted] and dev4", shortKey.Redact("key dev42 and dev4"));
    }
}
