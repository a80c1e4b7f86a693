using System.Security.Cryptography;
using System.Text;

namespace Hindsight.Correction.Caching;

/// <summary>The cache key: lower-case hex SHA-256 of provider, model, prompt version and protected text.</summary>
public static class CorrectionCacheKey
{
    /// <summary>Computes the key. The fields are separated by U+0000, which none of them can contain, so no two field lists collide.</summary>
    public static string Compute(string provider, string model, string promptVersion, string protectedText)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(promptVersion);
        ArgumentNullException.ThrowIfNull(protectedText);
        var material = string.Join('\0', provider, model, promptVersion, protectedText);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(material));
        return Convert.ToHexStringLower(hash);
    }
}
