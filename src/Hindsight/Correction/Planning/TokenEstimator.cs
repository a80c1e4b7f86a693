using System.Text;

namespace Hindsight.Correction.Planning;

/// <summary>
/// The token estimate used for batch sizing, rate limiting and the dry-run: ceil(UTF-8 bytes / 4), the usual
/// rule of thumb for English text and the simulator's own accounting. Real tokens come from the provider's usage.
/// </summary>
public static class TokenEstimator
{
    /// <summary>The estimated tokens of <paramref name="text"/>.</summary>
    public static int Estimate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (int)(((long)Encoding.UTF8.GetByteCount(text) + 3) / 4);
    }
}
