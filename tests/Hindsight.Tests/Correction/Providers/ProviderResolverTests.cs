using System.Net;
using System.Net.Sockets;
using System.Text;
using Hindsight.Correction.Providers;

namespace Hindsight.Tests.Correction.Providers;

public sealed class ProviderResolverTests : IDisposable
{
    private readonly HttpClient _probe = new();
    private readonly TempDirectory _folder = new();

    public void Dispose()
    {
        _probe.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_Gemini_key_in_the_environment_picks_Gemini_with_its_defaults()
    {
        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ClosedPort() }, ("GOOGLE_API_KEY", "google-key-1"));

        Assert.Equal(ProviderKind.Gemini, resolution.Settings.Kind);
        Assert.Equal(ProviderDefaults.GeminiBaseUrl, resolution.Settings.BaseUrl);
        Assert.Equal("gemini-2.5-flash-lite", resolution.Settings.Model);
        Assert.Contains(resolution.Sources, line => line.Contains("GOOGLE_API_KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(resolution.Sources, line => line.Contains("google-key-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GEMINI_API_KEY_wins_over_GOOGLE_API_KEY()
    {
        var resolution = await Resolve(new ProviderRequest(), ("GOOGLE_API_KEY", "second"), ("GEMINI_API_KEY", "first"));

        Assert.Contains(resolution.Sources, line => line.Contains("key from GEMINI_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_OpenAI_key_alone_picks_OpenAI()
    {
        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ClosedPort() }, ("OPENAI_API_KEY", "openai-key"));

        Assert.Equal(ProviderKind.OpenAI, resolution.Settings.Kind);
        Assert.Equal(ProviderDefaults.OpenAIBaseUrl, resolution.Settings.BaseUrl);
    }

    [Fact]
    public async Task A_key_file_wins_over_the_environment_and_is_never_shown()
    {
        var keyFile = _folder.Combine("key.txt");
        await File.WriteAllTextAsync(keyFile, "file-key-value\n", TestContext.Current.CancellationToken);

        var resolution = await Resolve(new ProviderRequest { Provider = ProviderKind.Gemini, KeyFile = keyFile }, ("GEMINI_API_KEY", "env-key"));

        Assert.Equal("[redacted]", resolution.Settings.ApiKey!.ToString());
        Assert.Equal("a [redacted] b", resolution.Settings.ApiKey.Redact("a file-key-value b"));
        Assert.Contains(resolution.Sources, line => line.Contains("--key-file", StringComparison.Ordinal));
        Assert.DoesNotContain("file-key-value", resolution.Settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_configured_and_no_Ollama_means_none_with_instructions()
    {
        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ClosedPort() });

        Assert.Equal(ProviderKind.None, resolution.Settings.Kind);
        Assert.Contains("GEMINI_API_KEY", resolution.Settings.DisabledReason, StringComparison.Ordinal);
        Assert.Contains("Ollama", resolution.Settings.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Ollama_server_answering_locally_is_picked_with_its_first_model()
    {
        using var ollama = FakeOllama.Start("""{"models":[{"name":"llama3.2:latest"},{"name":"qwen2.5:7b"}]}""");

        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ollama.Url });

        Assert.Equal(ProviderKind.OpenAI, resolution.Settings.Kind);
        Assert.Equal(new Uri(ollama.Url, "v1/"), resolution.Settings.BaseUrl);
        Assert.Equal("llama3.2:latest", resolution.Settings.Model);
        Assert.Null(resolution.Settings.ApiKey);
    }

    [Fact]
    public async Task An_Ollama_server_without_models_means_none_and_says_to_pull_one()
    {
        using var ollama = FakeOllama.Start("""{"models":[]}""");

        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ollama.Url });

        Assert.Equal(ProviderKind.None, resolution.Settings.Kind);
        Assert.Contains("ollama pull", resolution.Settings.DisabledReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_Gemini_without_a_key_explains_what_is_missing()
    {
        var exception = await Assert.ThrowsAsync<ProviderConfigurationException>(() => Resolve(new ProviderRequest { Provider = ProviderKind.Gemini }));

        Assert.Contains("GEMINI_API_KEY", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_OpenAI_compatible_server_needs_a_model_but_no_key()
    {
        var missingModel = await Assert.ThrowsAsync<ProviderConfigurationException>(
            () => Resolve(new ProviderRequest { Provider = ProviderKind.OpenAI, BaseUrl = new Uri("http://127.0.0.1:8000/v1/") }));
        var resolution = await Resolve(new ProviderRequest { Provider = ProviderKind.OpenAI, BaseUrl = new Uri("http://127.0.0.1:8000/v1/"), Model = "qwen" });

        Assert.Contains("--model", missingModel.Message, StringComparison.Ordinal);
        Assert.Equal("qwen", resolution.Settings.Model);
        Assert.Null(resolution.Settings.ApiKey);
    }

    [Fact]
    public async Task An_explicit_none_disables_correction_even_with_a_key()
    {
        var resolution = await Resolve(new ProviderRequest { Provider = ProviderKind.None }, ("GEMINI_API_KEY", "k"));

        Assert.Equal(ProviderKind.None, resolution.Settings.Kind);
    }

    [Fact]
    public async Task The_Ollama_fallback_is_marked_as_such_and_announced_with_its_address_and_model()
    {
        using var ollama = FakeOllama.Start("""{"models":[{"name":"llama3.2:latest"}]}""");

        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ollama.Url, ProbeTimeout = TimeSpan.FromSeconds(10) });

        Assert.Equal("fallback", resolution.Origin);
        Assert.Contains("local Ollama server", resolution.Announcement, StringComparison.Ordinal);
        Assert.Contains(ollama.Url.ToString(), resolution.Announcement, StringComparison.Ordinal);
        Assert.Contains("llama3.2:latest", resolution.Announcement, StringComparison.Ordinal);
        Assert.Contains("--no-local-fallback", resolution.Announcement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_local_fallback_an_answering_Ollama_server_is_not_used()
    {
        using var ollama = FakeOllama.Start("""{"models":[{"name":"llama3.2:latest"}]}""");

        var resolution = await Resolve(new ProviderRequest { OllamaUrl = ollama.Url, AllowLocalFallback = false });

        Assert.Equal(ProviderKind.None, resolution.Settings.Kind);
        Assert.Equal("none", resolution.Origin);
        Assert.Contains("--no-local-fallback", resolution.Settings.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(0, ollama.Requests);
    }

    [Fact]
    public async Task The_origin_of_the_choice_is_the_flag_the_environment_or_the_key_file()
    {
        var keyFile = _folder.Combine("origin-key.txt");
        await File.WriteAllTextAsync(keyFile, "file-key\n", TestContext.Current.CancellationToken);

        var byFlag = await Resolve(new ProviderRequest { Provider = ProviderKind.Gemini }, ("GEMINI_API_KEY", "k"));
        var byEnvironment = await Resolve(new ProviderRequest { OllamaUrl = ClosedPort() }, ("OPENAI_API_KEY", "k"));
        var byKeyFile = await Resolve(new ProviderRequest { KeyFile = keyFile, OllamaUrl = ClosedPort() });

        Assert.Equal(("flag", "environment", "key-file"), (byFlag.Origin, byEnvironment.Origin, byKeyFile.Origin));
        Assert.Contains("--provider", byFlag.Announcement, StringComparison.Ordinal);
        Assert.Contains("a key in the environment", byEnvironment.Announcement, StringComparison.Ordinal);
        Assert.DoesNotContain("file-key", byKeyFile.Announcement, StringComparison.Ordinal);
    }

    private Task<ProviderResolution> Resolve(ProviderRequest request, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(pair => pair.Name, pair => (string?)pair.Value);
        return new ProviderResolver(name => variables.GetValueOrDefault(name), _probe).ResolveAsync(request, TestContext.Current.CancellationToken);
    }

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>A real HTTP server on loopback that answers GET /api/tags like Ollama.</summary>
    private sealed class FakeOllama : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;
        private int _requests;

        private FakeOllama(HttpListener listener, Uri url, string tags)
        {
            _listener = listener;
            Url = url;
            _serving = ServeAsync(tags);
        }

        internal Uri Url { get; }

        internal int Requests => Volatile.Read(ref _requests);

        internal static FakeOllama Start(string tags)
        {
            var url = ClosedPort();
            var listener = new HttpListener();
            listener.Prefixes.Add(url.ToString());
            listener.Start();
            return new FakeOllama(listener, url, tags);
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _serving.Exception;
        }

        private async Task ServeAsync(string tags)
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                var found = context.Request.Url!.AbsolutePath == "/api/tags";
                var body = Encoding.UTF8.GetBytes(found ? tags : "{}");
                context.Response.StatusCode = found ? 200 : 404;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }
    }
}
