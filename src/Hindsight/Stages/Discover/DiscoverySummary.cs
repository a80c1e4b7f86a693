using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Stages.Discover;

/// <summary>Totals over every file, built one profile at a time.</summary>
public sealed class DiscoverySummary
{
    public FileProfile Totals { get; } = new();
    public Dictionary<string, long> FilesByKind { get; } = [];
    public Dictionary<string, (long Files, long Records)> Projects { get; } = [];
    public List<(DiscoveredFile File, FileProfile Profile)> Analyzed { get; } = [];
    public long TranscriptFiles { get; private set; }
    public long FilesWithErrors { get; private set; }
    public long Bytes { get; private set; }
    public long FilesProfiledNow { get; set; }
    public long FilesReused { get; set; }

    public void AddFile(DiscoveredFile file) => FileProfile.Count(FilesByKind, file.Kind.ToName());

    /// <param name="withInventory">
    /// False when the profile may be a summary (<see cref="FileProfile.ReadSummary"/>) and the inventory's totals are
    /// added apart, once, by <see cref="AddInventory"/>.
    /// </param>
    public void AddProfile(DiscoveredFile file, FileProfile profile, bool withInventory = true)
    {
        TranscriptFiles++;
        Bytes += file.SizeBytes;
        if (profile.HasParseErrors) FilesWithErrors++;
        Totals.AddSummary(profile);
        if (withInventory) Totals.AddInventory(profile);
        var (files, records) = Projects.GetValueOrDefault(file.Project);
        Projects[file.Project] = (files + 1, records + profile.Records);
        // Per-file details are kept without their field inventory, which only the totals need; the few unknown
        // names (format drift) stay, with their versions and dates.
        Analyzed.Add((file, new FileProfile
        {
            Lines = profile.Lines,
            Records = profile.Records,
            DeadLetters = profile.DeadLetters,
            PartialTailBytes = profile.PartialTailBytes,
            DeadLetterReasons = profile.DeadLetterReasons,
            RecordTypes = profile.RecordTypes,
            Versions = profile.Versions,
            FirstTimestamp = profile.FirstTimestamp,
            LastTimestamp = profile.LastTimestamp,
            SampleErrors = profile.SampleErrors,
            Error = profile.Error,
            Drift = profile.Drift,
            DriftDropped = profile.DriftDropped,
        }));
    }

    /// <summary>The inventory of every file added without theirs, summed (<see cref="InventoryTotals"/>).</summary>
    public void AddInventory(FileProfile inventory) => Totals.AddInventory(inventory);
}
