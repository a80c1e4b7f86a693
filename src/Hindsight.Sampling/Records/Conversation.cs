using System.Globalization;
using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// One conversation chain being written (a main session, a subagent, or an inline sidechain): its identity, its
/// running state (clock, chain tip, context size, edited files) and the envelope its version writes around every
/// record. The record writers and planners it holds are bound to it: they read and advance this state and draw from
/// the chain's one random stream, so the order of the calls a script makes is the order of the draws, and the same
/// script gives the same bytes.
/// </summary>
internal sealed class Conversation : IDisposable
{
    public Conversation(GenerationContext context, TranscriptBuffer output, DeterministicRandom random, PayloadBudget budget, string relativePath)
    {
        Context = context;
        Out = output;
        Random = random;
        Budget = budget;
        RelativePath = relativePath;
        Payloads = new PayloadComposer(context, random);
        Responses = new ResponsePlanner(this);
        Tools = new ToolCallPlanner(this);
        User = new UserRecords(this);
        Assistant = new AssistantRecords(this);
        ToolResults = new ToolResultRecords(this);
        Metadata = new MetadataRecords(this);
        Progress = new ProgressRecords(this);
        Attachments = new AttachmentRecords(this);
        SystemLines = new SystemRecords(this);
    }

    /// <summary>The bulky texts (files, command output, prose, images), composed into this chain's reusable buffers.</summary>
    public PayloadComposer Payloads { get; }

    /// <summary>What the next API response contains.</summary>
    public ResponsePlanner Responses { get; }

    /// <summary>Which tools the assistant calls, with which arguments.</summary>
    public ToolCallPlanner Tools { get; }

    public UserRecords User { get; }
    public AssistantRecords Assistant { get; }
    public ToolResultRecords ToolResults { get; }
    public MetadataRecords Metadata { get; }
    public ProgressRecords Progress { get; }
    public AttachmentRecords Attachments { get; }
    public SystemRecords SystemLines { get; }

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

    /// <summary>Remembers a file the chain edited or wrote, for the file-history snapshots (at most 24).</summary>
    public void RememberEditedFile(string path)
    {
        if (!EditedFiles.Contains(path) && EditedFiles.Count < 24)
        {
            EditedFiles.Add(path);
        }
    }

    /// <summary>A path under the chain's working folder, with that folder's separators.</summary>
    public string AbsolutePath(string relative) =>
        Cwd.Contains('\\', StringComparison.Ordinal) ? $"{Cwd}\\{relative.Replace('/', '\\')}" : $"{Cwd}/{relative}";

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

    public void Dispose() => Payloads.Dispose();
}
