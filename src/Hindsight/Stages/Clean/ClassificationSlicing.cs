namespace Hindsight.Stages.Clean;

/// <summary>
/// How the files with records not classified yet are cut into classification slices, in the order their records are
/// stored (<see cref="ClassificationPass"/>). A file past either bound (<see cref="CleaningSlices.ClassifyRecords"/>
/// new records, <see cref="CleaningSlices.ClassifyBytes"/> bytes of its new lines) is cut by its lines into slices of
/// its own (<see cref="LineParts"/>), taken at once where it stands; smaller files are grouped whole, and a group is
/// closed when the next file would take it past a bound (a group never stays empty: one file alone may fill it).
/// </summary>
internal static class ClassificationSlicing
{
    /// <summary>A file with records to classify: how many, and the bytes from its first new line to the end of what was ingested.</summary>
    public readonly record struct PendingFile(string FileId, long Pending, long Bytes);

    /// <summary>One step of the plan: a group of files classified whole, or one file cut by its lines (<see cref="CutByLines"/>).</summary>
    public sealed record Step(List<string> Files, bool CutByLines);

    public static List<Step> Plan(IEnumerable<PendingFile> files, CleaningSlices bounds)
    {
        var steps = new List<Step>();
        var grouped = new List<string>();
        var fill = new LineParts.PartFill(bounds.ClassifyRecords, bounds.ClassifyBytes);
        foreach (var (fileId, pending, bytes) in files)
        {
            if (pending > bounds.ClassifyRecords || bytes > bounds.ClassifyBytes)
            {
                steps.Add(new Step([fileId], CutByLines: true));
                continue;
            }
            if (fill.WouldOverflow(pending, bytes) && grouped.Count > 0)
            {
                steps.Add(new Step(grouped, CutByLines: false));
                grouped = [];
                fill = fill.Empty;
            }
            grouped.Add(fileId);
            fill = fill.Add(pending, bytes);
        }
        if (grouped.Count > 0) steps.Add(new Step(grouped, CutByLines: false));
        return steps;
    }
}
