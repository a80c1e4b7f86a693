using Hindsight.Correction.Providers;

namespace Hindsight.Tests.Correction.Providers;

public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2", null, 2_000)]
    [InlineData("1.5", null, 1_500)]
    [InlineData("2", "750", 750)]
    [InlineData("Sun, 01 Mar 2026 12:00:04 GMT", null, 4_000)]
    public void The_servers_wait_is_read(string? retryAfter, string? milliseconds, double expected)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expected), RetryAfterParser.Parse(retryAfter, milliseconds, Now));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("soon", null)]
    [InlineData("-3", null)]
    public void An_unusable_hint_is_ignored(string? retryAfter, string? milliseconds)
    {
        Assert.Null(RetryAfterParser.Parse(retryAfter, milliseconds, Now));
    }
}
