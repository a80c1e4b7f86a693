namespace Hindsight.Stages.Clean;

/// <summary>
/// Cuts the changed files stage 2 derives again into slices of about a number of records, in the order given (the
/// order their records are stored, so that a slice's records lie in one narrow range of row ids). A file is never
/// split; a slice is closed once it holds the number of records or more; a file with no records left (its derived rows
/// are only removed) counts as one record.
/// </summary>
internal static class DeriveSlicer
{
    public static List<List<DerivedFiles.ChangedFile>> Cut(IEnumerable<DerivedFiles.ChangedFile> files, long recordsPerSlice)
    {
        var slices = new List<List<DerivedFiles.ChangedFile>>();
        long inSlice = 0;
        foreach (var file in files)
        {
            if (slices.Count == 0 || inSlice >= recordsPerSlice) { slices.Add([]); inSlice = 0; }
            slices[^1].Add(file);
            inSlice += Math.Max(1, file.Records);
        }
        return slices;
    }
}
