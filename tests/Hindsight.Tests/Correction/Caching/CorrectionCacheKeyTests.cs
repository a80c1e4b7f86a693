using Hindsight.Correction.Caching;

namespace Hindsight.Tests.Correction.Caching;

public sealed class CorrectionCacheKeyTests
{
    [Fact]
    public void The_key_is_a_stable_lower_case_SHA256()
    {
        var key = CorrectionCacheKey.Compute("gemini", "gemini-2.5-flash-lite", "typo-fix-v1", "fix teh bug");

        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.Equal(key, CorrectionCacheKey.Compute("gemini", "gemini-2.5-flash-lite", "typo-fix-v1", "fix teh bug"));
    }

    [Fact]
    public void Each_field_changes_the_key()
    {
        var keys = new[]
        {
            CorrectionCacheKey.Compute("gemini", "m", "v1", "text"),
            CorrectionCacheKey.Compute("openai", "m", "v1", "text"),
            CorrectionCacheKey.Compute("gemini", "m2", "v1", "text"),
            CorrectionCacheKey.Compute("gemini", "m", "v2", "text"),
            CorrectionCacheKey.Compute("gemini", "m", "v1", "text2"),
            CorrectionCacheKey.Compute("gemini", "mv", "1", "text"),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
