using System.Text.Json;

namespace Hindsight.Simulator.Tests.Support;

/// <summary>An answer from the simulator, taken apart: status, raw body, assistant content, usage.</summary>
internal sealed record ChatReply(int Status, string Body, TimeSpan? RetryAfter)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Content => Json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    public long PromptTokens => Json.GetProperty("usage").GetProperty("prompt_tokens").GetInt64();

    public long CompletionTokens => Json.GetProperty("usage").GetProperty("completion_tokens").GetInt64();

    public long TotalTokens => Json.GetProperty("usage").GetProperty("total_tokens").GetInt64();

    public string ErrorType => Json.GetProperty("error").GetProperty("type").GetString()!;

    public string ErrorCode => Json.GetProperty("error").GetProperty("code").GetString()!;

    public string ErrorMessage => Json.GetProperty("error").GetProperty("message").GetString()!;

    /// <summary>The corrections in the content, in order; throws if the content is not the expected JSON.</summary>
    public IReadOnlyList<(string Id, string Corrected)> Corrections =>
        JsonDocument.Parse(Content).RootElement.GetProperty("corrections").EnumerateArray()
            .Select(item => (item.GetProperty("id").GetString()!, item.GetProperty("corrected").GetString()!))
            .ToList();

    public string CorrectedText(string id) => Corrections.Single(item => item.Id == id).Corrected;

    public static async Task<ChatReply> ReadAsync(HttpResponseMessage response) => new(
        (int)response.StatusCode,
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
        response.Headers.RetryAfter?.Delta);
}
