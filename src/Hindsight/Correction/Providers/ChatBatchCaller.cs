using System.ClientModel;
using System.Diagnostics;
using System.Text.Json;
using Hindsight.Correction.Planning;
using Hindsight.Correction.Protocol;
using Hindsight.Correction.Providers.Limits;
using Microsoft.Extensions.AI;

namespace Hindsight.Correction.Providers;

/// <summary>
/// Sends one batch (the system prompt and one user message) through an <see cref="IChatClient"/> and turns every
/// failure into a classified, redacted <see cref="ProviderCallException"/>. One attempt per call: retries belong to
/// the caller, which must go through the rate limiter again for each.
/// </summary>
public sealed class ChatBatchCaller
{
    private const int MaxMessageLength = 300;
    private readonly IChatClient _client;
    private readonly ProviderSettings _settings;
    private readonly float _temperature;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;

    /// <summary>Creates a caller.</summary>
    public ChatBatchCaller(IChatClient client, ProviderSettings settings, double temperature, TimeSpan callTimeout, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        _client = client;
        _settings = settings;
        _temperature = (float)temperature;
        _callTimeout = callTimeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Sends <paramref name="userContent"/> (the protocol's items object) and returns the answer.</summary>
    /// <exception cref="ProviderCallException">The call failed; see its kind.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ProviderAnswer> CallAsync(string userContent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userContent);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, CorrectionPrompt.SystemPrompt),
            new(ChatRole.User, userContent),
        };
        var contentTokens = TokenEstimator.Estimate(userContent);
        var options = new ChatOptions
        {
            Temperature = _temperature,
            ModelId = _settings.Model,
            ResponseFormat = _settings.ResponseFormat switch
            {
                ResponseFormatMode.JsonSchema => ChatResponseFormat.ForJsonSchema(BatchRequestBuilder.ResponseSchema, "corrections", "Corrected texts by id"),
                ResponseFormatMode.JsonObject => ChatResponseFormat.Json,
                _ => null,
            },

            // No output cap is sent: servers disagree on max_tokens versus max_completion_tokens, and a truncated
            // answer fails as malformed JSON anyway; --max-cost bounds the spend.
        };

        using var timeout = new CancellationTokenSource(_callTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _client.GetResponseAsync(messages, options, linked.Token);
            var latency = Stopwatch.GetElapsedTime(started);
            // Whatever the provider sends back (answers, ids, texts) may echo its key: removed before anything reads it.
            var content = _settings.ApiKey?.Redact(response.Text ?? "") ?? response.Text ?? "";
            var (input, output, usageRejected) = ReportedUsage.Validate(
                response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount,
                TokenEstimator.Estimate(CorrectionPrompt.SystemPrompt) + contentTokens, TokenEstimator.Estimate(content));
            return new ProviderAnswer(content, input, output, latency, usageRejected is null ? null : Describe("usage not believed", usageRejected));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new ProviderCallException(ProviderFailureKind.Timeout, $"no answer within {_callTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception exception) when (ResponseLimitExceededException.Find(exception) is { } limit)
        {
            // A capped answer: too large (unusable, like one that does not parse) or too slow (a timeout).
            throw new ProviderCallException(
                limit.TimedOut ? ProviderFailureKind.Timeout : ProviderFailureKind.InvalidResponse,
                Describe("answer refused", limit.Message));
        }
        catch (ClientResultException exception)
        {
            throw Classify(exception);
        }
        catch (HttpRequestException exception)
        {
            throw new ProviderCallException(ProviderFailureKind.Network, Describe("connection failed", exception.Message));
        }
        catch (IOException exception)
        {
            throw new ProviderCallException(ProviderFailureKind.Network, Describe("connection broke", exception.Message));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new ProviderCallException(ProviderFailureKind.InvalidResponse, Describe("unreadable answer", exception.Message));
        }
    }

    private ProviderCallException Classify(ClientResultException exception)
    {
        var status = exception.Status;
        var response = exception.GetRawResponse();
        string? retryAfter = null;
        string? retryAfterMilliseconds = null;
        response?.Headers.TryGetValue("Retry-After", out retryAfter);
        response?.Headers.TryGetValue("retry-after-ms", out retryAfterMilliseconds);
        var wait = RetryAfterParser.Parse(retryAfter, retryAfterMilliseconds, _time.GetUtcNow());
        var kind = status switch
        {
            0 when exception.InnerException is TimeoutException or OperationCanceledException => ProviderFailureKind.Timeout,
            0 => ProviderFailureKind.Network,
            429 => ProviderFailureKind.RateLimited,
            408 or >= 500 => ProviderFailureKind.ServerError,
            401 or 403 => ProviderFailureKind.Unauthorized,
            _ => ProviderFailureKind.Rejected,
        };
        var prefix = status == 0 ? "no HTTP answer" : $"HTTP {status}";
        return new ProviderCallException(kind, Describe(prefix, exception.Message), status == 0 ? null : status, wait);
    }

    private string Describe(string prefix, string detail)
    {
        var redacted = _settings.ApiKey?.Redact(detail) ?? detail;
        redacted = redacted.ReplaceLineEndings(" ").Trim();
        if (redacted.Length > MaxMessageLength)
        {
            redacted = redacted[..MaxMessageLength] + "…";
        }

        return redacted.Length == 0 ? prefix : $"{prefix}: {redacted}";
    }
}
