using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hindsight.Simulator;

/// <summary>
/// The simulator's URL space: the OpenAI-style root /v1/ and Gemini's OpenAI-compatible root
/// /v1beta/openai/ behave the same; each also lists its models. /health needs no key.
/// </summary>
internal sealed class SimulatorRoutes(ChatCompletionsEndpoint chatCompletions, ResponseRecorder recorder, ApiKeyCheck apiKey, TimeProvider time)
{
    public const string OpenAiRoot = "/v1/";
    public const string GeminiRoot = "/v1beta/openai/";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(OpenAiRoot + "chat/completions", chatCompletions.HandleAsync);
        routes.MapPost(GeminiRoot + "chat/completions", chatCompletions.HandleAsync);
        routes.MapGet(OpenAiRoot + "models", context => ModelsAsync(context, ModelList.OpenAiModels, "openai"));
        routes.MapGet(GeminiRoot + "models", context => ModelsAsync(context, ModelList.GeminiModels, "google"));
        routes.MapGet("/health", context => recorder.RespondAsync(
            context, time.GetUtcNow(), "", new SimulatedResponse(StatusCodes.Status200OK, """{"status":"ok"}""", Fault: null)));
        routes.MapFallback(async context =>
        {
            var receivedAt = time.GetUtcNow();
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            await recorder.RespondAsync(context, receivedAt, body, OpenAiErrors.NotFound(context.Request.Path.Value ?? ""));
        });
    }

    private Task ModelsAsync(HttpContext context, IReadOnlyList<string> models, string ownedBy)
    {
        var response = apiKey.Allows(context.Request)
            ? new SimulatedResponse(StatusCodes.Status200OK, ModelList.Write(models, ownedBy), Fault: null)
            : OpenAiErrors.Unauthorized();
        return recorder.RespondAsync(context, time.GetUtcNow(), "", response);
    }
}
