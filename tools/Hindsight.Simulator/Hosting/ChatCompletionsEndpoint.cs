using System.Text;
using Microsoft.AspNetCore.Http;

namespace Hindsight.Simulator;

/// <summary>
/// POST .../chat/completions. Order of checks: API key (401), body (400), quotas (429), then the fault
/// dice, the latency and the answer. Every request is recorded once, before its answer is written.
/// </summary>
internal sealed class ChatCompletionsEndpoint(
    SimulatorOptions options,
    SimulatorStats stats,
    ResponseRecorder recorder,
    ApiKeyCheck apiKey,
    TypoCorrector corrector,
    RollingWindowRateLimiter limiter,
    TimeProvider time,
    CancellationToken stopping)
{
    private long _admissions;

    public async Task HandleAsync(HttpContext context)
    {
        var receivedAt = time.GetUtcNow();
        stats.CountRequest();
        var attempt = new Attempt();
        string body;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or BadHttpRequestException)
        {
            stats.CountClientAborted();
            recorder.RecordAbandoned(context, receivedAt, "", fault: null);
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        SimulatedResponse response;
        try
        {
            response = await DecideAsync(context, body, attempt, cancellation.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            if (!attempt.Counted)
            {
                stats.CountClientAborted();
            }
            recorder.RecordAbandoned(context, receivedAt, body, FaultNames.Of(attempt.Fault));
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            if (!attempt.Counted)
            {
                stats.CountOutcome(FaultKind.ServerError);
            }
            response = OpenAiErrors.ShuttingDown() with { Fault = FaultNames.Of(attempt.Fault) };
        }
        await recorder.RespondAsync(context, receivedAt, body, response);
    }

    private async Task<SimulatedResponse> DecideAsync(HttpContext context, string body, Attempt attempt, CancellationToken cancellationToken)
    {
        if (!apiKey.Allows(context.Request))
        {
            stats.CountUnauthorized();
            return OpenAiErrors.Unauthorized();
        }
        ChatRequest request;
        try
        {
            request = ChatRequestParser.Parse(body);
        }
        catch (BadChatRequestException exception)
        {
            stats.CountBadRequest();
            return OpenAiErrors.BadRequest(exception.Message);
        }
        stats.CountItems(request.Items.Count);

        var corrections = request.Items.Select(item => item with { Text = corrector.Correct(item.Text) }).ToList();
        var plannedCompletionTokens = TokenCount.Of(CorrectionContent.Serialize(corrections));
        var admission = limiter.TryAdmit(request.PromptTokens + plannedCompletionTokens);
        if (!admission.Admitted)
        {
            stats.CountRateLimited();
            return OpenAiErrors.RateLimited(admission.Message!, admission.RetryAfter, admission.Fault!);
        }

        var admissionNumber = Interlocked.Increment(ref _admissions);
        var random = RequestRandom.For(options.Seed, admissionNumber);
        attempt.Fault = FaultDice.Roll(options.Faults, random.NextDouble());
        var latency = LatencySampler.Sample(random, options.LatencyMedianMs, options.LatencySigma);
        var faultName = FaultNames.Of(attempt.Fault);

        switch (attempt.Fault)
        {
            case FaultKind.TooManyRequests:
                Count(attempt, FaultKind.TooManyRequests);
                return OpenAiErrors.RateLimited(
                    "Rate limit reached (simulated fault).", TimeSpan.FromMilliseconds(random.Next(500, 3_000)), faultName!);
            case FaultKind.Timeout:
                Count(attempt, FaultKind.Timeout);
                await Task.Delay(options.TimeoutHold, time, cancellationToken);
                return OpenAiErrors.GatewayTimeout(faultName!);
        }

        await Task.Delay(latency, time, cancellationToken);
        if (attempt.Fault == FaultKind.ServerError)
        {
            Count(attempt, FaultKind.ServerError);
            return OpenAiErrors.ServerError(overloaded: random.Next(2) == 0, faultName!);
        }

        var content = ContentFaults.Apply(attempt.Fault, corrections, random);
        var applied = content.Applied ? attempt.Fault : FaultKind.None;
        Count(attempt, applied);
        var completionTokens = TokenCount.Of(content.Content);
        stats.CountTokens(request.PromptTokens, completionTokens);
        var json = ChatCompletionBody.Write(
            $"chatcmpl-sim-{options.Seed}-{admissionNumber}", time.GetUtcNow(), request.Model,
            content.Content, content.FinishReason, request.PromptTokens, completionTokens);
        return new SimulatedResponse(StatusCodes.Status200OK, json, FaultNames.Of(applied));
    }

    private void Count(Attempt attempt, FaultKind outcome)
    {
        stats.CountOutcome(outcome);
        attempt.Counted = true;
    }

    /// <summary>What is known about a request when it is abandoned half-way.</summary>
    private sealed class Attempt
    {
        public FaultKind Fault { get; set; }

        public bool Counted { get; set; }
    }
}
