using Hindsight.Correction;

namespace Hindsight.Tests.Support;

internal static class Targets
{
    /// <summary>Streams targets as the warehouse would, one at a time.</summary>
    internal static async IAsyncEnumerable<CorrectionTarget> Stream(IEnumerable<CorrectionTarget> targets)
    {
        foreach (var target in targets)
        {
            await Task.CompletedTask;
            yield return target;
        }
    }
}
