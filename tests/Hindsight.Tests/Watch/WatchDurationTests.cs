using Hindsight.Watch;

namespace Hindsight.Tests.Watch;

public sealed class WatchDurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 3S ", 3_000)]
    public void A_number_and_a_unit_is_a_duration(string text, double milliseconds)
    {
        Assert.True(WatchDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("0s")]
    [InlineData("-2s")]
    [InlineData("2 days")]
    [InlineData("ms")]
    [InlineData("9000h")]
    [InlineData("NaNs")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(WatchDuration.TryParse(text, out _));
    }
}
