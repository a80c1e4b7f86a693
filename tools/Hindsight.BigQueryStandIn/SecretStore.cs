using System.Collections.Concurrent;

namespace Hindsight.BigQueryStandIn;

/// <summary>Secret Manager's secret versions (<c>projects/P/secrets/S/versions/V</c>), set by tests or the control endpoint.</summary>
public sealed class SecretStore
{
    private readonly ConcurrentDictionary<string, string> _versions = new(StringComparer.Ordinal);

    public void Set(string name, string value) => _versions[name] = value;

    public string? Get(string name) => _versions.GetValueOrDefault(name);
}
