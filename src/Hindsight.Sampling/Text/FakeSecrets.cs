namespace Hindsight.Sampling;

/// <summary>
/// Secrets shaped like real ones so that detectors fire, and marked FAKE so that nobody mistakes them for real:
/// <c>sk-proj-FAKE…</c>, <c>AKIAFAKE…</c> (AKIA + 16), <c>ghp_FAKE…</c> (ghp_ + 36).
/// </summary>
internal static class FakeSecrets
{
    public static string OpenAiKey(DeterministicRandom random) => "sk-proj-FAKE" + Ids.Base62Chars(random, 44);

    public static string AwsAccessKeyId(DeterministicRandom random) => "AKIAFAKE" + Ids.UpperAlphanumeric(random, 12);

    public static string GitHubToken(DeterministicRandom random) => "ghp_FAKE" + Ids.Base62Chars(random, 32);
}
