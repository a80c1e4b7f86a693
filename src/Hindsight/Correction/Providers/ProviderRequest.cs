namespace Hindsight.Correction.Providers;

/// <summary>What the user asked for (--provider, --base-url, --model, --key-file, --key-secret); every value optional.</summary>
public sealed record ProviderRequest
{
    /// <summary>--provider; null picks what is configured.</summary>
    public ProviderKind? Provider { get; init; }

    /// <summary>--base-url; overrides the provider's default endpoint (tests point gemini at the simulator).</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>--model.</summary>
    public string? Model { get; init; }

    /// <summary>--key-file: a file holding only the key; it wins over environment variables.</summary>
    public string? KeyFile { get; init; }

    /// <summary>--key-secret: a Secret Manager secret version (projects/P/secrets/S/versions/V) holding the key; like --key-file, it wins over environment variables.</summary>
    public string? KeySecret { get; init; }

    /// <summary>How to request JSON answers.</summary>
    public ResponseFormatMode ResponseFormat { get; init; } = ResponseFormatMode.JsonSchema;

    /// <summary>--no-local-fallback sets this false: without a key or --provider, correction is off instead of going to Ollama.</summary>
    public bool AllowLocalFallback { get; init; } = true;

    /// <summary>Where to look for a local Ollama server when nothing else is configured.</summary>
    public Uri OllamaUrl { get; init; } = ProviderDefaults.OllamaUrl;

    /// <summary>How long the Ollama probe may take.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
