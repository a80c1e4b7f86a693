using System.Text.Json;
using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Profiles one file line by line as someone else reads it: <see cref="Observe"/> parses each line once, counts it
/// into the profile and hands the parse back, so extraction's reader profiles in the same pass it extracts in, and
/// discovery on its own reads with the same code (<see cref="FileProfiler"/>). Started from an earlier profile of the
/// file's first lines, it profiles on from there, exactly as a read from the start would (the per-file caps and the
/// dating of format drift see the earlier lines).
/// </summary>
public sealed class FileProfileBuilder
{
    private const int MaxSampleErrors = 5;

    private readonly FileProfile _profile;
    private readonly DriftCollector _drift;
    /// <summary>The field inventory and drift, fed by the parser's one walk of each line.</summary>
    private readonly FieldObservers _fields;
    private readonly bool _keepRaw;
    private readonly long _linesBefore;
    /// <summary>Whether the file's agent is measured for drift: asked of its source once, at the file's first record.</summary>
    private bool? _measuresDrift;

    /// <param name="keepRaw">True when the caller stores the record (extraction); false when only counting.</param>
    /// <param name="continueFrom">
    /// A profile of the file's lines before where reading starts (<see cref="FileProfile.CanContinue"/>), or null
    /// when reading starts at the beginning. It is not changed.
    /// </param>
    public FileProfileBuilder(bool keepRaw, FileProfile? continueFrom = null)
    {
        if (continueFrom is { CanContinue: false })
            throw new ArgumentException("that profile cannot be continued (an older format, or its file could not be read)", nameof(continueFrom));
        _keepRaw = keepRaw;
        _profile = continueFrom is null ? new FileProfile() : Copy(continueFrom);
        _profile.ProfileFormat = FileProfile.CurrentProfileFormat;
        // The earlier read's partial tail is where this read starts: it is read now, as a line or as a new tail.
        _profile.PartialTailBytes = 0;
        _linesBefore = _profile.Lines;
        _drift = new DriftCollector(_profile, _profile.LastVersionInFileOrder, _profile.LastTimeInFileOrder);
        _fields = new FieldObservers(new FieldInventory(_profile), _drift);
    }

    /// <summary>Parses the line once, counts it into the profile, and returns the parse for the caller to keep.</summary>
    /// <param name="parser">The file's source's parser (<see cref="Hindsight.Sources.ITranscriptSource.ParserFor"/>).</param>
    public ParsedLine Observe(string fileId, in JsonlLine line, Hindsight.Sources.ILineParser parser)
    {
        var parsed = parser.Parse(fileId, line, _keepRaw, _fields);
        if (parsed.DeadLetter is { } dead)
        {
            CountDeadLetter(dead);
            return parsed;
        }
        var record = parsed.Record!;
        // Format drift is measured against the format its rules know (Claude Code's); another agent's records are not drift.
        _measuresDrift ??= Hindsight.Sources.TranscriptSources.For(record.Agent).MeasuresFormatDrift;
        if (_measuresDrift == true) _drift.See(record);
        _profile.LastVersionInFileOrder = record.Version ?? _profile.LastVersionInFileOrder;
        _profile.LastTimeInFileOrder = record.Timestamp ?? _profile.LastTimeInFileOrder;
        _profile.Records++;
        FileProfile.Count(_profile.RecordTypes, record.Type);
        if (record.Subtype is { } subtype) FileProfile.Count(_profile.RecordSubtypes, $"{record.Type}/{subtype}");
        FileProfile.Count(_profile.Models, record.MessageModel);
        FileProfile.Count(_profile.Versions, record.Version);
        _profile.SeeTimestamp(record.Timestamp);
        foreach (var block in record.Blocks)
        {
            FileProfile.Count(_profile.BlockTypes, block.BlockType);
            if (block.BlockType == "tool_use") FileProfile.Count(_profile.ToolNames, block.ToolName ?? "(unnamed)");
        }
        return parsed;
    }

    /// <summary>Counts a dead letter into the profile (a line's, or a whole document's that does not parse).</summary>
    public void CountDeadLetter(DeadLetter dead)
    {
        _profile.DeadLetters++;
        FileProfile.Count(_profile.DeadLetterReasons, dead.Reason.ToName());
        if (_profile.SampleErrors.Count < MaxSampleErrors)
            _profile.SampleErrors.Add($"line {dead.LineNumber}: {dead.Reason.ToName()}: {Truncate(dead.Detail, 200)}");
    }

    /// <summary>The profile once the read reached its end: lines counted by the reader (blank ones too) and its partial tail.</summary>
    public FileProfile Finish(long linesRead, long partialTailBytes)
    {
        _profile.Lines = _linesBefore + linesRead;
        _profile.PartialTailBytes = partialTailBytes;
        return _profile;
    }

    /// <summary>
    /// The profile of a document that does not parse, counted as it is stored: while it is probably still being written
    /// (<paramref name="deadLetter"/> null) its bytes are a pending tail; after that, one unreadable line.
    /// </summary>
    public static FileProfile OfUnreadableDocument(DeadLetter? deadLetter, long sizeBytes)
    {
        var builder = new FileProfileBuilder(keepRaw: false);
        if (deadLetter is null) return builder.Finish(0, sizeBytes);
        builder.CountDeadLetter(deadLetter);
        return builder.Finish(1, 0);
    }

    /// <summary>The profile of a read that failed (permissions, I/O): what was counted, and why it stopped.</summary>
    public FileProfile Fail(string error)
    {
        _profile.Error = error;
        return _profile;
    }

    private static FileProfile Copy(FileProfile profile) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(profile, FileProfileJson.Default.FileProfile), FileProfileJson.Default.FileProfile)!;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
