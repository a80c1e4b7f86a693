namespace Hindsight.Checks;

/// <summary>What <c>hindsight check</c> found: problems (the warehouse does not hold), notes (could not be checked), and what was covered.</summary>
public sealed class IntegrityReport
{
    public List<string> Problems { get; } = [];
    public List<string> Notes { get; } = [];
    public int TablesRead { get; set; }
    public long RowsRead { get; set; }
    public int FilesChecked { get; set; }
    public long LinesChecked { get; set; }
    public bool Holds => Problems.Count == 0;
}
