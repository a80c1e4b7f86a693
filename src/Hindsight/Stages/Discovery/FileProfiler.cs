using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discovery;

/// <summary>Reads one file from start to end, line by line, into a <see cref="FileProfile"/>.</summary>
public static class FileProfiler
{
    private const int MaxSampleErrors = 5;

    public static async Task<FileProfile> ProfileAsync(DiscoveredFile file, int maxLineBytes, CancellationToken cancellationToken)
    {
        var profile = new FileProfile { ProfileFormat = FileProfile.CurrentProfileFormat };
        var drift = new DriftCollector(profile);
        var fields = new FieldObservers(new FieldInventory(profile), drift);
        // Nothing to read, and opening could block for ever: a named pipe or a device also reports size 0.
        if (file.SizeBytes == 0) return profile;
        var reader = new JsonlLineReader(maxLineBytes);
        try
        {
            await using var stream = TranscriptFileStream.OpenForReading(file);
            var result = await reader.ReadAsync(stream, 0, 1, line =>
            {
                Visit(file.FileId, line, profile, fields, drift);
                return ValueTask.CompletedTask;
            }, cancellationToken);
            profile.Lines = result.LinesRead;
            profile.PartialTailBytes = result.PartialTailBytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            profile.Error = ex.Message;
        }
        return profile;
    }

    private static void Visit(string fileId, JsonlLine line, FileProfile profile, FieldObservers fields, DriftCollector drift)
    {
        var parsed = TranscriptLineParser.Parse(fileId, line, keepRaw: false, observer: fields);
        if (parsed.DeadLetter is { } dead)
        {
            profile.DeadLetters++;
            FileProfile.Count(profile.DeadLetterReasons, dead.Reason);
            if (profile.SampleErrors.Count < MaxSampleErrors)
                profile.SampleErrors.Add($"line {dead.LineNumber}: {dead.Reason}: {Truncate(dead.Detail, 200)}");
            return;
        }
        var record = parsed.Record!;
        drift.See(record);
        profile.Records++;
        FileProfile.Count(profile.RecordTypes, record.Type);
        if (record.Subtype is { } subtype) FileProfile.Count(profile.RecordSubtypes, $"{record.Type}/{subtype}");
        FileProfile.Count(profile.Models, record.MessageModel);
        FileProfile.Count(profile.Versions, record.Version);
        profile.SeeTimestamp(record.Timestamp);
        foreach (var block in record.Blocks)
        {
            FileProfile.Count(profile.BlockTypes, block.BlockType);
            if (block.BlockType == "tool_use") FileProfile.Count(profile.ToolNames, block.ToolName ?? "(unnamed)");
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
