using System.ClientModel;
using Hindsight.Simulator.Tests.Support;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Hindsight.Simulator.Tests;

public sealed class OpenAiClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_OpenAI_chat_client_of_Microsoft_Extensions_AI_reads_the_answers(bool gemini)
    {
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sk-client" }, Cancellation);
        var endpoint = gemini ? server.GeminiBaseUrl : server.BaseUrl;
        var model = gemini ? "gemini-2.5-flash-lite" : "gpt-4o-mini";
        IChatClient client = new OpenAIClient(new ApiKeyCredential("sk-client"), new OpenAIClientOptions { Endpoint = endpoint })
            .GetChatClient(model)
            .AsIChatClient();

        var response = await client.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System, Batch.Instructions),
                new ChatMessage(ChatRole.User, """{"items":[{"id":"x1","text":"teh ⟦P1⟧ enviroment"}]}"""),
            ],
            new ChatOptions { Temperature = 0, ResponseFormat = ChatResponseFormat.Json },
            Cancellation);

        Assert.Contains("\"corrected\":\"the ⟦P1⟧ environment\"", response.Text, StringComparison.Ordinal);
        Assert.NotNull(response.Usage);
        Assert.Equal(server.Stats.PromptTokens, response.Usage.InputTokenCount);
        Assert.Equal(server.Stats.CompletionTokens, response.Usage.OutputTokenCount);
        Assert.Equal(gemini ? "/v1beta/openai/chat/completions" : "/v1/chat/completions", server.ReceivedRequests()[0].Path);
    }
}
