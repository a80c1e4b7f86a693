using System.Text.Json;

namespace Hindsight.Correction.Providers;

/// <summary>
/// Turns the user's request and the environment into provider settings. With an explicit provider it uses that
/// provider or explains what is missing. Without one it picks, in order: a key file (gemini), GEMINI_API_KEY or
/// GOOGLE_API_KEY (gemini), OPENAI_API_KEY (openai), an Ollama server answering on localhost:11434 (openai protocol,
/// its first model unless --model; not with --no-local-fallback), else none, with instructions on how to enable
/// correction. The resolution says where the choice came from (<see cref="ProviderResolution.Origin"/>).
/// </summary>
public sealed class ProviderResolver
{
    /// <summary>Shown when no provider is configured.</summary>
    public const string HowToEnable =
        "To enable it: set GEMINI_API_KEY (Gemini, model " + ProviderDefaults.GeminiModel + "), "
        + "or set OPENAI_API_KEY, or start a local Ollama server with a model pulled (ollama pull llama3.2), "
        + "or pass --provider openai --base-url URL --model NAME for any OpenAI-compatible server; "
        + "a key may also come from --key-file FILE.";

    private readonly Func<string, string?> _environment;
    private readonly HttpClient _probeClient;

    /// <summary>Creates a resolver reading <paramref name="environment"/> and probing Ollama with <paramref name="probeClient"/>.</summary>
    public ProviderResolver(Func<string, string?> environment, HttpClient probeClient)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(probeClient);
        _environment = environment;
        _probeClient = probeClient;
    }

    /// <summary>Resolves the provider.</summary>
    /// <exception cref="ProviderConfigurationException">An explicit provider lacks what it needs, or the key file cannot be read.</exception>
    public async Task<ProviderResolution> ResolveAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = new List<string>();
        var fileKey = request.KeySecret is { } secret ? await ReadSecretAsync(secret, sources, cancellationToken) : ReadKeyFile(request.KeyFile, sources);
        return request.Provider switch
        {
            ProviderKind.None => new ProviderResolution(ProviderSettings.Disabled("correction is disabled (--provider none)."), ["provider: none (--provider)"]) { Origin = "flag" },
            ProviderKind.Gemini => Gemini(request, fileKey, sources, "--provider") ?? throw new ProviderConfigurationException(
                "--provider gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or pass --key-file FILE."),
            ProviderKind.OpenAI => OpenAI(request, fileKey, sources, "--provider"),
            _ => await PickConfiguredAsync(request, fileKey, sources, cancellationToken),
        };
    }

    private async Task<ProviderResolution> PickConfiguredAsync(ProviderRequest request, ApiKey? fileKey, List<string> sources, CancellationToken cancellationToken)
    {
        var gemini = Gemini(request, fileKey, sources, "picked");
        if (gemini is not null)
        {
            return gemini with { Origin = fileKey is null ? "environment" : "key-file" };
        }

        if (_environment(ProviderDefaults.OpenAIKeyVariable) is { Length: > 0 })
        {
            return OpenAI(request, null, sources, "picked") with { Origin = "environment" };
        }

        if (!request.AllowLocalFallback)
        {
            sources.Add("provider: none (no key; the local Ollama fallback is off: --no-local-fallback)");
            return new ProviderResolution(ProviderSettings.Disabled(
                "Stage 4 skipped LLM correction: no provider is configured and the local Ollama fallback is off (--no-local-fallback). " + HowToEnable), sources)
            { Origin = "none" };
        }

        var ollamaModel = await ProbeOllamaAsync(request, cancellationToken);
        if (ollamaModel is { Length: > 0 })
        {
            var baseUrl = request.BaseUrl ?? new Uri(request.OllamaUrl, "v1/");
            sources.Add($"provider: openai (picked: an Ollama server answers on {request.OllamaUrl})");
            sources.Add($"base URL: {baseUrl}");
            sources.Add(request.Model is null ? $"model: {ollamaModel} (the Ollama server's first model)" : $"model: {ollamaModel} (--model)");
            var settings = new ProviderSettings { Kind = ProviderKind.OpenAI, BaseUrl = baseUrl, Model = ollamaModel, ResponseFormat = request.ResponseFormat };
            return new ProviderResolution(settings, sources) { Origin = "fallback" };
        }

        var reason = ollamaModel is null
            ? "Stage 4 skipped LLM correction: no provider is configured. " + HowToEnable
            : $"Stage 4 skipped LLM correction: an Ollama server answers on {request.OllamaUrl} but has no model (run: ollama pull llama3.2). " + HowToEnable;
        sources.Add("provider: none (no key, no Ollama server)");
        return new ProviderResolution(ProviderSettings.Disabled(reason), sources) { Origin = "none" };
    }

    private ProviderResolution? Gemini(ProviderRequest request, ApiKey? fileKey, List<string> sources, string how)
    {
        var key = fileKey;
        var keySource = request.KeySecret is null ? "--key-file" : "--key-secret";
        if (key is null)
        {
            foreach (var variable in ProviderDefaults.GeminiKeyVariables)
            {
                if (_environment(variable) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value))
                {
                    key = new ApiKey(value);
                    keySource = variable;
                    break;
                }
            }
        }

        if (key is null)
        {
            return null;
        }

        sources.Add($"provider: gemini ({how}; key from {keySource})");
        var settings = new ProviderSettings
        {
            Kind = ProviderKind.Gemini,
            BaseUrl = request.BaseUrl ?? ProviderDefaults.GeminiBaseUrl,
            Model = request.Model ?? ProviderDefaults.GeminiModel,
            ApiKey = key,
            ResponseFormat = request.ResponseFormat,
        };
        sources.Add($"base URL: {settings.BaseUrl} ({(request.BaseUrl is null ? "default" : "--base-url")})");
        sources.Add($"model: {settings.Model} ({(request.Model is null ? "default" : "--model")})");
        return new ProviderResolution(settings, sources);
    }

    private ProviderResolution OpenAI(ProviderRequest request, ApiKey? fileKey, List<string> sources, string how)
    {
        var key = fileKey;
        var keySource = request.KeySecret is null ? "--key-file" : "--key-secret";
        if (key is null && _environment(ProviderDefaults.OpenAIKeyVariable) is { } value && !string.IsNullOrWhiteSpace(value))
        {
            key = new ApiKey(value);
            keySource = ProviderDefaults.OpenAIKeyVariable;
        }

        var baseUrl = request.BaseUrl ?? ProviderDefaults.OpenAIBaseUrl;
        var isOpenAIItself = request.BaseUrl is null || baseUrl.Host.Equals(ProviderDefaults.OpenAIBaseUrl.Host, StringComparison.OrdinalIgnoreCase);
        if (key is null && isOpenAIItself)
        {
            throw new ProviderConfigurationException(
                "--provider openai needs OPENAI_API_KEY (or --key-file FILE) for api.openai.com; for a local server pass --base-url URL --model NAME.");
        }

        if (request.Model is null && !isOpenAIItself)
        {
            throw new ProviderConfigurationException($"--provider openai with --base-url {baseUrl} needs --model NAME (the server's model name).");
        }

        sources.Add($"provider: openai ({how}; {(key is null ? "no key" : "key from " + keySource)})");
        var settings = new ProviderSettings
        {
            Kind = ProviderKind.OpenAI,
            BaseUrl = baseUrl,
            Model = request.Model ?? ProviderDefaults.OpenAIModel,
            ApiKey = key,
            ResponseFormat = request.ResponseFormat,
        };
        sources.Add($"base URL: {settings.BaseUrl} ({(request.BaseUrl is null ? "default" : "--base-url")})");
        sources.Add($"model: {settings.Model} ({(request.Model is null ? "default" : "--model")})");
        return new ProviderResolution(settings, sources);
    }

    private async Task<ApiKey> ReadSecretAsync(string name, List<string> sources, CancellationToken cancellationToken)
    {
        var key = await SecretManagerKey.ReadAsync(name, _environment, _probeClient, cancellationToken);
        sources.Add($"key: from Secret Manager, {name}");
        return key;
    }

    private static ApiKey? ReadKeyFile(string? path, List<string> sources)
    {
        if (path is null)
        {
            return null;
        }

        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ProviderConfigurationException($"cannot read the key file {path}: {exception.GetType().Name}");
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            throw new ProviderConfigurationException($"the key file {path} is empty");
        }

        sources.Add($"key: from the key file {path}");
        return new ApiKey(content);
    }

    // Returns the model to use, "" when Ollama answers without models, null when nothing answers.
    private async Task<string?> ProbeOllamaAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.ProbeTimeout);
        try
        {
            using var response = await _probeClient.GetAsync(new Uri(request.OllamaUrl, "api/tags"), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
            if (request.Model is not null)
            {
                return request.Model;
            }

            if (document.RootElement.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
            {
                foreach (var model in models.EnumerateArray())
                {
                    if (model.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } modelName)
                    {
                        return modelName;
                    }
                }
            }

            return "";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or IOException)
        {
            return null;
        }
    }
}
