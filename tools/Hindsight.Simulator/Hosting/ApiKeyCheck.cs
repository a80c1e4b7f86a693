using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hindsight.Simulator;

/// <summary>Compares the bearer key with the required one in constant time; never stores or prints either.</summary>
internal sealed class ApiKeyCheck(string? requiredKey)
{
    private readonly byte[]? _expected = requiredKey is null ? null : Encoding.UTF8.GetBytes("Bearer " + requiredKey);

    public bool Allows(HttpRequest request)
    {
        if (_expected is null)
        {
            return true;
        }
        var presented = request.Headers.Authorization;
        return presented.Count == 1
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented[0] ?? ""), _expected);
    }
}
