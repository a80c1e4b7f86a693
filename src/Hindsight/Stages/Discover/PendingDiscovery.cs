using System.Collections.Concurrent;
using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Extract;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Discovery between its two halves in `run`: what it found and reused before extraction's pass, the profiles it asked
/// the pass for, and the pass's undo, in case the decision refuses what the pass committed.
/// </summary>
public sealed class PendingDiscovery
{
    public required DiscoveryResult Discovery { get; init; }
    /// <summary>The inventory's fingerprint, computed once when the files were found (the decision's fingerprint adds the manifest's).</summary>
    public required string FilesSignature { get; init; }
    public required Dictionary<string, StoredFileState> Stored { get; init; }
    /// <summary>Profiles known before the pass: reused ones (not fresh) and any discovery read itself (fresh).</summary>
    public required ConcurrentDictionary<string, (FileProfile Profile, bool Fresh)> Profiles { get; init; }
    public required ProfileRequests Requests { get; init; }
    public StageInputs? Inputs { get; init; }
    /// <summary>Bytes discovery read itself so far.</summary>
    public long BytesRead { get; set; }
    /// <summary>Set by extraction when it commits in batches what a NO-GO would have to take back.</summary>
    public ExtractionUndo? Undo { get; set; }
}
