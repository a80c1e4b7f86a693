using System.Text.Json;
using Hindsight.Correction.Protection;
using Hindsight.Secrets;

namespace Hindsight.Tests.Correction.Protection;

public sealed class RealTranscriptProtectionTests
{
    [Fact]
    public void Every_typed_prompt_of_the_real_transcripts_round_trips_byte_for_byte_and_sends_no_secret()
    {
        var folder = RepositoryPaths.SharedTranscripts;
        if (folder is null)
        {
            Assert.Skip("the real transcripts (<repo>/../shared/transcripts) are not on this machine");
        }

        var prompts = 0;
        var protectedSpans = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (TypedPrompt(line) is not { } text)
                {
                    continue;
                }

                var result = TextProtector.Protect(text);
                Assert.Equal(text, result.Restore(result.Text));
                Assert.False(SecretDetector.ContainsSecret(result.Text));
                prompts++;
                protectedSpans += result.Spans.Count;
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{prompts} prompts, {protectedSpans} protected spans");
        Assert.True(prompts > 0);
    }

    private static string? TypedPrompt(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.GetString() == "user"
                && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                ? content.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
