namespace Hindsight.Correction.Providers;

/// <summary>Where and how to send batches; usually produced by <see cref="ProviderResolver"/>.</summary>
public sealed record ProviderSettings
{
    /// <summary>The provider.</summary>
    public required ProviderKind Kind { get; init; }

    /// <summary>The OpenAI-compatible base URL, ending with '/' (for example https://generativelanguage.googleapis.com/v1beta/openai/).</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The model name sent with every request.</summary>
    public string Model { get; init; } = "";

    /// <summary>The key, when the server needs one.</summary>
    public ApiKey? ApiKey { get; init; }

    /// <summary>How the JSON answer is requested.</summary>
    public ResponseFormatMode ResponseFormat { get; init; } = ResponseFormatMode.JsonSchema;

    /// <summary>For <see cref="ProviderKind.None"/>: why nothing is configured and how to enable correction.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>The provider's stored name: gemini, openai or none (part of the cache key).</summary>
    public string Name => Kind switch
    {
        ProviderKind.Gemini => "gemini",
        ProviderKind.OpenAI => "openai",
        _ => "none",
    };

    /// <summary>Settings that disable correction, with the explanation shown to the user.</summary>
    public static ProviderSettings Disabled(string reason) => new() { Kind = ProviderKind.None, DisabledReason = reason };
}
