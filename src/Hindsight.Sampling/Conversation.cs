using System.Globalization;
using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// One conversation chain being written (a main session, a subagent, or an inline sidechain): its identity, its
/// clock, its context size and the envelope its version writes around every record. The partial files next to
/// this one hold the record shapes: assistant messages, tool calls, prompts and metadata.
/// </summary>
internal sealed partial class Conversation : IDisposable
{
    private readonly TextBuilder _scratch = new();
    private readonly TextBuilder _scratch2 = new();

    public Conversation(GenerationContext context, TranscriptBuffer output, DeterministicRandom random, PayloadBudget budget, string relativePath)
    {
        Context = context;
        Out = output;
        Random = random;
        Budget = budget;
        RelativePath = relativePath;
    }

    public GenerationContext Context { get; }
    public TranscriptBuffer Out { get; }
    public DeterministicRandom Random { get; }
    public PayloadBudget Budget { get; }
    public string RelativePath { get; }

    /// <summary>Null while replaying content that was first written (and counted) in another file.</summary>
    public CorpusCounters? Origin { get; set; }

    public required string SessionId { get; init; }
    public required ClaudeVersion Version { get; init; }
    public required string Cwd { get; init; }
    public required string GitBranch { get; init; }
    public required string Model { get; init; }
    public string? Slug { get; init; }
    public string? AgentId { get; init; }
    public bool IsSidechain { get; init; }
    public bool Gateway { get; init; }

    public string? LastUuid { get; set; }
    public DateTimeOffset Clock { get; set; }
    public string? PromptId { get; set; }
    public string PermissionMode { get; set; } = "default";

    /// <summary>Tokens already in the prompt cache (read by the next call).</summary>
    public long ContextTokens { get; set; }

    /// <summary>Tokens added since the last call (written to the cache by the next call).</summary>
    public long PendingContextTokens { get; set; }

    public List<string> EditedFiles { get; } = [];

    public void Tick(int minMilliseconds, int maxMilliseconds) =>
        Clock = Clock.AddMilliseconds(Random.Next(minMilliseconds, maxMilliseconds));

    public void AddContext(long characters) => PendingContextTokens += characters / 4 + 1;

    /// <summary>Starts a chain record: '{' and, for versions before 2.1.7x, the whole envelope.</summary>
    public Utf8JsonWriter BeginChainLine(string? parentUuid, bool withPromptId = false)
    {
        var w = Out.Begin();
        w.WriteStartObject();
        if (parentUuid is null)
        {
            w.WriteNull("parentUuid");
        }
        else
        {
            w.WriteString("parentUuid", parentUuid);
        }
        w.WriteBoolean("isSidechain", IsSidechain);
        if (Version.IsModern)
        {
            if (withPromptId && PromptId is not null)
            {
                w.WriteString("promptId", PromptId);
            }
            if (AgentId is not null)
            {
                w.WriteString("agentId", AgentId);
            }
            return w;
        }
        w.WriteString("userType", "external");
        w.WriteString("cwd", Cwd);
        w.WriteString("sessionId", SessionId);
        w.WriteString("version", Version.Text);
        w.WriteString("gitBranch", GitBranch);
        if (AgentId is not null && Version.Era != TranscriptEra.V10)
        {
            w.WriteString("agentId", AgentId);
        }
        if (Slug is not null)
        {
            w.WriteString("slug", Slug);
        }
        return w;
    }

    public void WriteStamp(Utf8JsonWriter w, string uuid)
    {
        w.WriteString("uuid", uuid);
        WriteTimestamp(w, "timestamp", Clock);
    }

    /// <summary>Ends a chain record (the 2.1.7x envelope goes last), counts it, and makes it the chain's tip.</summary>
    public int EndChainLine(Utf8JsonWriter w, string type, string uuid)
    {
        if (Version.IsModern)
        {
            w.WriteString("userType", "external");
            w.WriteString("entrypoint", "cli");
            w.WriteString("cwd", Cwd);
            w.WriteString("sessionId", SessionId);
            w.WriteString("version", Version.Text);
            w.WriteString("gitBranch", GitBranch);
            if (Slug is not null)
            {
                w.WriteString("slug", Slug);
            }
        }
        w.WriteEndObject();
        LastUuid = uuid;
        if (IsSidechain)
        {
            Out.Counters.CountKind("sidechain_line");
        }
        return Out.End(type);
    }

    public static void WriteTimestamp(Utf8JsonWriter w, string name, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[24];
        time.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        w.WriteString(name, text[..written]);
    }

    public void Dispose()
    {
        _scratch.Dispose();
        _scratch2.Dispose();
    }
}
