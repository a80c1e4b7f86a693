namespace Hindsight.Correction.Providers;

/// <summary>The providers stage 4 can use; all speak the OpenAI chat-completions protocol.</summary>
public enum ProviderKind
{
    /// <summary>No correction: every target is skipped with instructions on how to enable one.</summary>
    None,
    /// <summary>Google Gemini through its OpenAI-compatible endpoint.</summary>
    Gemini,
    /// <summary>Any OpenAI-compatible server: OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio, OpenRouter.</summary>
    OpenAI,
}
