namespace Hindsight.Correction.Providers;

/// <summary>How the answer's JSON shape is requested from the provider.</summary>
public enum ResponseFormatMode
{
    /// <summary>response_format json_schema with the batch protocol's schema (Gemini, OpenAI, Ollama, vLLM, llama.cpp accept it).</summary>
    JsonSchema,
    /// <summary>response_format json_object, for servers without schema support.</summary>
    JsonObject,
    /// <summary>No response_format; the instructions alone ask for JSON.</summary>
    None,
}
