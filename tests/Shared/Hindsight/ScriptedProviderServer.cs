using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like an OpenAI-compatible provider (POST .../chat/completions) and like
/// Ollama (GET /api/tags), with each chat answer written by the test: the hostile servers of the reliability tests.
/// </summary>
public sealed class ScriptedProviderServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, JsonArray, ScriptedAnswer> _answer;
    private readonly Task _serving;
    private readonly List<string> _bodies = [];
    private int _requests;

    /// <param name="answer">Given the request's number (from 0) and the items sent, the status and the chat message content to send back.</param>
    public ScriptedProviderServer(Func<int, JsonArray, ScriptedAnswer> answer)
    {
        _answer = answer;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
            probe.Stop();
        }
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The server's root (Ollama's URL); the OpenAI-compatible base URL is <see cref="BaseUrl"/>.</summary>
    public Uri Url { get; }

    public Uri BaseUrl => new(Url, "v1/");

    /// <summary>Chat requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The bodies of the chat requests received.</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies) return [.. _bodies];
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            if (path == "/api/tags")
            {
                await WriteAsync(context, 200, """{"models":[{"name":"scripted-model"}]}""");
                return;
            }
            if (!path.EndsWith("/chat/completions", StringComparison.Ordinal))
            {
                await WriteAsync(context, 404, "{}");
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_bodies) _bodies.Add(body);
            var number = Interlocked.Increment(ref _requests) - 1;
            var request = JsonNode.Parse(body)!;
            var user = request["messages"]!.AsArray().Last()!["content"]!;
            var items = JsonNode.Parse(user is JsonValue ? user.GetValue<string>() : user.AsArray()[0]!["text"]!.GetValue<string>())!["items"]!.AsArray();
            var answer = _answer(number, items);
            var reply = answer.Status == 200
                ? new JsonObject
                {
                    ["id"] = "chatcmpl-scripted", ["object"] = "chat.completion", ["created"] = 1, ["model"] = "scripted-model",
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0, ["finish_reason"] = "stop",
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer.Content },
                    }),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 20, ["total_tokens"] = 70 },
                }.ToJsonString()
                : answer.Content;
            await WriteAsync(context, answer.Status, reply);
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
