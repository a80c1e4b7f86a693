namespace Hindsight.Correction.Providers;

/// <summary>Default endpoints, models and environment variables of the providers.</summary>
public static class ProviderDefaults
{
    /// <summary>Gemini's OpenAI-compatible endpoint.</summary>
    public static Uri GeminiBaseUrl { get; } = new("https://generativelanguage.googleapis.com/v1beta/openai/");

    /// <summary>The default Gemini model (the seed's gemini-2.0-flash-lite was shut down on 2026-06-01).</summary>
    public const string GeminiModel = "gemini-2.5-flash-lite";

    /// <summary>OpenAI's endpoint, the default for --provider openai.</summary>
    public static Uri OpenAIBaseUrl { get; } = new("https://api.openai.com/v1/");

    /// <summary>The default model on OpenAI's own endpoint.</summary>
    public const string OpenAIModel = "gpt-4o-mini";

    /// <summary>Where a local Ollama server answers by default.</summary>
    public static Uri OllamaUrl { get; } = new("http://localhost:11434/");

    /// <summary>Environment variables read for a Gemini key, in order.</summary>
    public static IReadOnlyList<string> GeminiKeyVariables { get; } = ["GEMINI_API_KEY", "GOOGLE_API_KEY"];

    /// <summary>Environment variable read for an OpenAI-compatible key.</summary>
    public const string OpenAIKeyVariable = "OPENAI_API_KEY";
}
