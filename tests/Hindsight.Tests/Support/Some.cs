namespace Hindsight.Tests.Support;

/// <summary>Unique, random-looking test values.</summary>
internal static class Some
{
    private const string Letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ234567";

    internal static string Alphanumeric(int length) => Pick(Letters, length);

    internal static string UpperAlphanumeric(int length) => Pick(Upper, length);

    private static string Pick(string alphabet, int length) =>
        string.Create(length, alphabet, static (span, source) =>
        {
            for (var index = 0; index < span.Length; index++)
            {
                span[index] = source[Random.Shared.Next(source.Length)];
            }
        });
}
