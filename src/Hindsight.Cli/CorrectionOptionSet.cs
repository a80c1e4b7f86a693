using System.CommandLine;
using Hindsight.Correction.Providers;
using Hindsight.Messages;
using Hindsight.Stages.Correct;

namespace Hindsight.Cli;

/// <summary>The stage-4 options of `hindsight run` and `hindsight correct`, and how they map to the stage's settings.</summary>
public sealed class CorrectionOptionSet
{
    /// <summary>The stage's and the engine's defaults, which the options' defaults show: one source for each.</summary>
    private static readonly CorrectionStageOptions Defaults = new();

    /// <summary>`hindsight correct --help`: where the short no-provider note of a run points for the details.</summary>
    public const string CommandDescription =
        "Stage 4: correct typos in human prompts with an LLM (or skip, without a provider) and write the staged table. "
        + "Without a provider every prompt is kept as typed. " + Correction.Providers.ProviderResolver.HowToEnable;

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "gemini, openai (any OpenAI-compatible server) or none. Default: a configured key (GEMINI_API_KEY/GOOGLE_API_KEY, OPENAI_API_KEY), else Ollama on localhost:11434, else none.",
        HelpName = "NAME",
    };
    public Option<string?> Model { get; } = new("--model") { Description = "The model (default for gemini: gemini-2.5-flash-lite).", HelpName = "NAME" };
    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "The provider's OpenAI-compatible base URL (e.g. http://localhost:11434/v1/).", HelpName = "URL" };
    public Option<string?> KeyFile { get; } = new("--key-file") { Description = "A file holding only the API key (wins over environment variables).", HelpName = "FILE" };
    public Option<string?> KeySecret { get; } = new("--key-secret")
    {
        Description = "The API key from Google Secret Manager, a secret version projects/P/secrets/S/versions/V, read with Google credentials (GOOGLE_APPLICATION_CREDENTIALS or gcloud's ADC); wins over environment variables. HINDSIGHT_SECRETMANAGER_ENDPOINT points it at another server.",
        HelpName = "NAME",
    };
    public Option<int> Rpm { get; } = new("--rpm") { Description = "The provider's requests-per-minute limit to stay under (0: none)." };
    public Option<long> Tpm { get; } = new("--tpm") { Description = "The provider's tokens-per-minute limit to stay under (0: none)." };
    public Option<decimal> MaxCost { get; } = new("--max-cost") { Description = "Stop sending new batches once this many USD are spent.", DefaultValueFactory = _ => Defaults.Engine.MaxCostUsd, HelpName = "USD" };
    public Option<string> MinConfidence { get; } = new("--min-confidence") { Description = "Lowest human-prompt confidence to correct: high, medium or low.", DefaultValueFactory = _ => Defaults.MinConfidence.ToName() };
    public Option<int> PromptsPerBatch { get; } = new("--prompts-per-batch") { Description = "Most prompts in one request (the seed's 15).", DefaultValueFactory = _ => Defaults.Engine.MaxItemsPerBatch };
    public Option<int> MaxConcurrency { get; } = new("--max-concurrency") { Description = "Ceiling of the adaptive concurrency (it starts at 5).", DefaultValueFactory = _ => Defaults.Engine.MaxConcurrency };
    public Option<bool> NoLocalFallback { get; } = new("--no-local-fallback") { Description = "Without --provider and without a key, never send prompts to an Ollama server on localhost:11434 (correction is skipped instead)." };
    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds one call may take.", DefaultValueFactory = _ => Defaults.Engine.CallTimeout.TotalSeconds, HelpName = "SECONDS" };

    public Option<bool> Recorrect { get; } = new("--recorrect")
    {
        Description = "Send prompts already corrected (or found unchanged) under another provider, model or prompt version again; with --dry-run, estimate what that costs. Without it a settled correction is never re-sent or downgraded.",
    };

    public IEnumerable<Option> All => [Provider, Model, BaseUrl, KeyFile, KeySecret, NoLocalFallback, Rpm, Tpm, MaxCost, MinConfidence, PromptsPerBatch, MaxConcurrency, Timeout, Recorrect];

    /// <summary>Maps the parsed options; returns an error message for values that cannot work.</summary>
    public (CorrectionStageOptions? Options, string? Error) Bind(ParseResult result, Func<string, string?> environment)
    {
        var providerName = result.GetValue(Provider)?.ToLowerInvariant();
        ProviderKind? provider = providerName switch
        {
            null => null,
            "gemini" => ProviderKind.Gemini,
            "openai" => ProviderKind.OpenAI,
            "none" => ProviderKind.None,
            _ => ProviderKind.None,
        };
        if (providerName is not (null or "gemini" or "openai" or "none")) return (null, $"--provider must be gemini, openai or none, not '{providerName}'");
        var minConfidenceName = result.GetValue(MinConfidence)!;
        if (!PromptConfidenceNames.TryParse(minConfidenceName, out var minConfidence))
            return (null, $"--min-confidence must be high, medium or low, not '{minConfidenceName}'");
        if (result.GetValue(KeySecret) is { } secret)
        {
            if (result.GetValue(KeyFile) is not null) return (null, "--key-file and --key-secret both name the key: pass one");
            if (!SecretManagerKey.IsVersionName(secret)) return (null, $"--key-secret must name a secret version, projects/P/secrets/S/versions/V (V a number or latest), not '{secret}'");
        }
        Uri? baseUrl = null;
        if (result.GetValue(BaseUrl) is { } url && !Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out baseUrl))
            return (null, $"--base-url is not an absolute URL: {url}");
        // Ollama's own variable says where its server listens (host:port or a URL); the fallback looks there.
        var ollamaUrl = ProviderDefaults.OllamaUrl;
        if (environment("OLLAMA_HOST") is { Length: > 0 } ollamaHost)
        {
            var withScheme = ollamaHost.Contains("://", StringComparison.Ordinal) ? ollamaHost : "http://" + ollamaHost;
            if (!Uri.TryCreate(withScheme.EndsWith('/') ? withScheme : withScheme + "/", UriKind.Absolute, out var parsed))
                return (null, $"OLLAMA_HOST is not a host:port or a URL: {ollamaHost}");
            ollamaUrl = parsed;
        }
        return (new CorrectionStageOptions
        {
            Provider = new ProviderRequest
            {
                Provider = provider, Model = result.GetValue(Model), BaseUrl = baseUrl, KeyFile = result.GetValue(KeyFile), KeySecret = result.GetValue(KeySecret),
                AllowLocalFallback = !result.GetValue(NoLocalFallback), OllamaUrl = ollamaUrl,
            },
            Environment = environment,
            MinConfidence = minConfidence,
            Engine = Defaults.Engine with
            {
                MaxItemsPerBatch = Math.Max(1, result.GetValue(PromptsPerBatch)),
                MaxConcurrency = Math.Max(1, result.GetValue(MaxConcurrency)),
                RateLimits = new(Math.Max(0, result.GetValue(Rpm)), Math.Max(0, result.GetValue(Tpm))),
                MaxCostUsd = Math.Max(0, result.GetValue(MaxCost)),
                CallTimeout = TimeSpan.FromSeconds(Math.Max(0.1, result.GetValue(Timeout))),
            },
            Recorrect = result.GetValue(Recorrect),
        }, null);
    }
}
