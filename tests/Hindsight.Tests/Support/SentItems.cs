using System.Text.Json;
using Hindsight.Simulator;

namespace Hindsight.Tests.Support;

/// <summary>Reads the item texts out of the chat requests the simulator received.</summary>
internal static class SentItems
{
    internal static IReadOnlyList<string> Texts(IEnumerable<ReceivedRequest> requests)
    {
        var texts = new List<string>();
        foreach (var request in requests.Where(request => request.Path.EndsWith("chat/completions", StringComparison.Ordinal)))
        {
            using var body = JsonDocument.Parse(request.Body);
            var user = body.RootElement.GetProperty("messages").EnumerateArray()
                .First(message => message.GetProperty("role").GetString() == "user");
            using var content = JsonDocument.Parse(user.GetProperty("content").GetString()!);
            texts.AddRange(content.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("text").GetString()!));
        }

        return texts;
    }
}
