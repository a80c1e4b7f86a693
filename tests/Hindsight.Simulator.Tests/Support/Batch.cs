using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.Simulator.Tests.Support;

/// <summary>Builds chat-completions bodies in the batch protocol and posts them.</summary>
internal static class Batch
{
    public const string Instructions = "Correct the typos in each item's text. Keep every ⟦Pn⟧ placeholder as it is. Answer {\"corrections\":[{\"id\",\"corrected\"}]}.";

    public static string Body(params (string Id, string Text)[] items) => Body(items, responseFormat: null);

    public static string Body(IEnumerable<(string Id, string Text)> items, JsonObject? responseFormat, string model = "gpt-4o-mini")
    {
        var batch = new JsonObject
        {
            ["items"] = new JsonArray(items.Select(item => (JsonNode)new JsonObject { ["id"] = item.Id, ["text"] = item.Text }).ToArray()),
        };
        var body = new JsonObject
        {
            ["model"] = model,
            ["temperature"] = 0,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = Instructions },
                new JsonObject { ["role"] = "user", ["content"] = batch.ToJsonString() }),
        };
        if (responseFormat is not null)
        {
            body["response_format"] = responseFormat;
        }
        return body.ToJsonString();
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri baseUrl, string body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "chat/completions"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<ChatReply> SendAsync(HttpClient http, Uri baseUrl, string body, string? apiKey = null)
    {
        using var response = await PostAsync(http, baseUrl, body, apiKey);
        return await ChatReply.ReadAsync(response);
    }
}
