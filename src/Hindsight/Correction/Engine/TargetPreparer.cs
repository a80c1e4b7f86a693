using System.Globalization;
using Hindsight.Correction.Caching;
using Hindsight.Correction.Planning;
using Hindsight.Correction.Protection;
using Hindsight.Correction.Protocol;
using Hindsight.Correction.Providers;

namespace Hindsight.Correction.Engine;

/// <summary>Protection, length limit and cache key: the decisions the real run and the dry-run must share.</summary>
internal static class TargetPreparer
{
    internal const string NoProviderReason = "no provider configured";
    internal const string NothingToCorrectReason = "nothing to correct";
    internal const string SecretNotIsolatedReason = "protection could not isolate a secret; not sent";

    internal static PreparedTarget Prepare(CorrectionTarget target, CorrectionOptions options)
    {
        if (options.Provider.Kind == ProviderKind.None)
        {
            return new PreparedTarget(target, TargetDisposition.Skip, null, null, 0, NoProviderReason);
        }

        ProtectedText protectedText;
        try
        {
            protectedText = TextProtector.Protect(target.Text ?? "");
        }
        catch (SecretExposureException)
        {
            return new PreparedTarget(target, TargetDisposition.Skip, null, null, 0, SecretNotIsolatedReason);
        }

        if (!HasWords(protectedText.Text))
        {
            return new PreparedTarget(target, TargetDisposition.NothingToCorrect, protectedText, null, 0, NothingToCorrectReason);
        }

        var tokens = TokenEstimator.Estimate(protectedText.Text);
        if (tokens > options.MaxPromptTokens)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"prompt too long: about {tokens} tokens, the maximum is {options.MaxPromptTokens}");
            return new PreparedTarget(target, TargetDisposition.Skip, protectedText, null, tokens, reason);
        }

        var key = CorrectionCacheKey.Compute(options.Provider.Name, options.Provider.Model, CorrectionPrompt.PromptVersion, protectedText.Text);
        return new PreparedTarget(target, TargetDisposition.Send, protectedText, key, tokens, null);
    }

    // A text that is only code, paths or whitespace has nothing a typo fixer could improve.
    private static bool HasWords(string protectedText)
    {
        var withoutPlaceholders = Placeholders.Pattern().Replace(protectedText, " ");
        foreach (var character in withoutPlaceholders)
        {
            if (char.IsLetter(character))
            {
                return true;
            }
        }

        return false;
    }
}
