using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hindsight.Sampling;

/// <summary>
/// What a generated corpus holds, written to <c>hindsight-sample.json</c> (snake_case) so that a run over the corpus
/// can be checked against it. Line-level counts (<see cref="Lines"/>, <see cref="RecordsByType"/>, <see cref="NaiveLineTokens"/>)
/// count every line as written, replayed lines of resumed sessions included; <see cref="Lines"/> counts lines ending
/// in a newline (malformed ones included), a partial tail is not a line but its bytes are in <see cref="Bytes"/>.
/// The deduplicated figures (<see cref="ApiMessages"/>, <see cref="TokensByModel"/>, the prompt counts) count each
/// message and each typed text once, which is what deduplication by message.id + requestId and by uuid must recover.
/// </summary>
public sealed record CorpusSummary
{
    public const string FileName = "hindsight-sample.json";
    public const string TruthFileName = "hindsight-sample-truth.jsonl";

    internal static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    public string Generator { get; init; } = "hindsight-sample/1";
    public required string Scale { get; init; }
    public required int Seed { get; init; }
    public required int TargetFiles { get; init; }
    public required long TargetLines { get; init; }
    public required long TargetBytes { get; init; }
    public required long GiantFileBytes { get; init; }

    public required int Projects { get; init; }

    /// <summary>.jsonl files of every kind (sidecars not included).</summary>
    public required int Files { get; init; }

    public required int SessionFiles { get; init; }
    public required int FlatAgentFiles { get; init; }
    public required int NestedAgentFiles { get; init; }
    public required int MetaFiles { get; init; }
    public required int EmptyFiles { get; init; }
    public required int SummaryOnlyFiles { get; init; }
    public required int ResumedSessions { get; init; }
    public required int GatewaySessions { get; init; }
    public required IReadOnlyDictionary<string, int> SessionsByVersion { get; init; }

    public required long Lines { get; init; }
    public required long Bytes { get; init; }
    public required string LargestFile { get; init; }
    public required long LargestFileBytes { get; init; }
    public required IReadOnlyDictionary<string, long> RecordsByType { get; init; }

    /// <summary>Finer counts: content blocks, subtypes, attachment and progress types, special user lines.</summary>
    public required IReadOnlyDictionary<string, long> RecordKinds { get; init; }

    public required long MalformedLines { get; init; }
    public required IReadOnlyDictionary<string, long> MalformedByReason { get; init; }
    public required long PartialTails { get; init; }

    /// <summary>Distinct (message.id, requestId) pairs, &lt;synthetic&gt; error messages included.</summary>
    public required long ApiMessages { get; init; }

    public required long SplitApiMessages { get; init; }
    public required long ApiMessagesWithoutRequestId { get; init; }
    public required long SyntheticMessages { get; init; }

    /// <summary>Expected totals per model after correct deduplication (&lt;synthetic&gt; excluded: zero usage).</summary>
    public required IReadOnlyDictionary<string, ModelTokenTotals> TokensByModel { get; init; }

    /// <summary>Sum of usage over every assistant line, what a reader without deduplication would report.</summary>
    public required ModelTokenTotals NaiveLineTokens { get; init; }

    public required long HumanPrompts { get; init; }
    public required long SteeringTexts { get; init; }

    /// <summary>The next three count over prompts and steering texts together (the truth file's lines).</summary>
    public required long PromptsWithTypos { get; init; }

    public required long PromptsWithSecrets { get; init; }
    public required long PromptsWithCode { get; init; }

    /// <summary>
    /// The Codex and Gemini CLI sessions written beside the Claude Code corpus (<c>--agents</c>), per agent name; absent
    /// (not written) for a Claude Code-only corpus, so its summary is as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, AgentSessionCounts>? OtherAgents { get; init; }

    public static async Task<CorpusSummary> ReadAsync(string corpusDirectory, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(Path.Combine(corpusDirectory, FileName));
        return await JsonSerializer.DeserializeAsync(stream, TypeInfo<CorpusSummary>(JsonOptions), cancellationToken)
            ?? throw new InvalidDataException($"{FileName} in {corpusDirectory} is empty.");
    }

    /// <summary>The metadata of <typeparamref name="T"/> under <paramref name="options"/> (one of <see cref="JsonOptions"/> or a copy of it).</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = SamplingJson.Default,
        };
        options.MakeReadOnly();
        return options;
    }

    internal static CorpusSummary Build(CorpusSpec spec, CorpusPlan plan, IReadOnlyList<CorpusCounters> perFile, CorpusCounters total)
    {
        var largest = 0;
        for (var i = 1; i < perFile.Count; i++)
        {
            if (perFile[i].Bytes > perFile[largest].Bytes)
            {
                largest = i;
            }
        }
        var sessions = plan.Files.Where(f => f.Session is not null).Select(f => f.Session!).ToList();
        return new CorpusSummary
        {
            Scale = spec.Scale,
            Seed = spec.Seed,
            TargetFiles = spec.Files,
            TargetLines = spec.TargetLines,
            TargetBytes = spec.TargetBytes,
            GiantFileBytes = spec.GiantFileBytes,
            Projects = plan.Files.Select(f => f.RelativePath.Split('/')[1]).Distinct(StringComparer.Ordinal).Count(),
            Files = plan.Files.Count,
            SessionFiles = plan.Files.Count(f => f.Session is not null),
            FlatAgentFiles = plan.Files.Count(f => f.Kind == SampleFileKind.FlatAgent),
            NestedAgentFiles = plan.Files.Count(f => f.Kind == SampleFileKind.NestedAgent),
            MetaFiles = plan.Files.Count(f => f.MetaSidecarPath is not null),
            EmptyFiles = plan.Files.Count(f => f.Kind == SampleFileKind.EmptySession),
            SummaryOnlyFiles = plan.Files.Count(f => f.Kind == SampleFileKind.SummaryOnlySession),
            ResumedSessions = sessions.Count(s => s.ResumeOf is not null),
            GatewaySessions = sessions.Count(s => s.Gateway),
            SessionsByVersion = new SortedDictionary<string, int>(
                sessions.GroupBy(s => s.Version.Text).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                StringComparer.Ordinal),
            Lines = total.Lines,
            Bytes = total.Bytes,
            LargestFile = perFile.Count == 0 ? string.Empty : plan.Files[largest].RelativePath,
            LargestFileBytes = perFile.Count == 0 ? 0 : perFile[largest].Bytes,
            RecordsByType = total.RecordsByType,
            RecordKinds = total.RecordKinds,
            MalformedLines = total.MalformedByReason.Values.Sum(),
            MalformedByReason = total.MalformedByReason,
            PartialTails = total.PartialTails,
            ApiMessages = total.ApiMessages,
            SplitApiMessages = total.SplitApiMessages,
            ApiMessagesWithoutRequestId = total.ApiMessagesWithoutRequestId,
            SyntheticMessages = total.SyntheticMessages,
            TokensByModel = new SortedDictionary<string, ModelTokenTotals>(
                total.TokensByModel.ToDictionary(pair => pair.Key, pair => pair.Value.Freeze(), StringComparer.Ordinal),
                StringComparer.Ordinal),
            NaiveLineTokens = total.NaiveTokens.Freeze(),
            HumanPrompts = total.HumanPrompts,
            SteeringTexts = total.SteeringTexts,
            PromptsWithTypos = total.TextsWithTypos,
            PromptsWithSecrets = total.TextsWithSecrets,
            PromptsWithCode = total.TextsWithCode,
        };
    }
}
