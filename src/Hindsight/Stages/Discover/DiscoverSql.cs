namespace Hindsight.Stages.Discover;

/// <summary>
/// Stage 0's SQL: the <c>files</c> inventory (read by stages 0 and 1, written by stage 0 with each file's profile) and
/// the kept sum of every stored profile's inventory (<c>discovery_totals</c>, <see cref="InventoryTotals"/>). Values
/// are bound as parameters; the one hole is a choice between two literals.
/// </summary>
internal static class DiscoverSql
{
    /// <summary>
    /// Every row of <c>files</c>: the inventory, the profile's basis (size and mtime when profiled) and the read position
    /// stage 1 resumes from. The profile itself is read only when <paramref name="withProfiles"/> (it is the widest column;
    /// stage 1 plans without it).
    /// </summary>
    public static string LoadFileStates(bool withProfiles) => $"""
        SELECT file_id, size_bytes, mtime, profiled_size, profiled_mtime, {(withProfiles ? "profile_json" : "NULL AS profile_json")},
               ingested_size, ingested_mtime, ingested_offset, ingested_lines, head_sha256, boundary_sha256, generation
        FROM files
        """;

    /// <summary>
    /// Upserts the staged <c>discovered_files</c> (<see cref="FileStateStore"/>'s layout) into <c>files</c>, run id as
    /// <c>$run</c>: the inventory columns take the new values, a profile only when one was written (it is then dated by
    /// the file's size and mtime), and the read positions, which belong to stage 1, are left as they are.
    /// </summary>
    public const string UpsertDiscoveredFiles = """
        INSERT INTO files (file_id, path, source_root, relative_path, project, kind, size_bytes, mtime,
                           profiled_size, profiled_mtime, profile_json, first_seen_run, agent)
        SELECT file_id, path, source_root, relative_path, project, kind, size_bytes, mtime,
               CASE WHEN profile_json IS NULL THEN NULL ELSE size_bytes END,
               CASE WHEN profile_json IS NULL THEN NULL ELSE mtime END,
               profile_json, $run, agent
        FROM discovered_files
        ON CONFLICT (file_id) DO UPDATE SET
            path = excluded.path, source_root = excluded.source_root, relative_path = excluded.relative_path,
            project = excluded.project, kind = excluded.kind, size_bytes = excluded.size_bytes, mtime = excluded.mtime, agent = excluded.agent,
            profiled_size = coalesce(excluded.profiled_size, files.profiled_size),
            profiled_mtime = coalesce(excluded.profiled_mtime, files.profiled_mtime),
            profile_json = coalesce(excluded.profile_json, files.profile_json)
        """;

    /// <summary>Drops the staged inventory once it is upserted.</summary>
    public const string DropDiscoveredFiles = "DROP TABLE discovered_files";

    /// <summary>The stored profiles the kept sum is of, as one comparable value: their count and a hash of each with its file id.</summary>
    public const string ProfilesBasis = "SELECT count(profile_json)::VARCHAR || ':' || coalesce(sum(hash(file_id, profile_json)), 0)::VARCHAR FROM files";

    /// <summary>The kept inventory sum, when it was summed from the profiles named by <c>$basis</c> (else no row).</summary>
    public const string KeptTotals = "SELECT inventory_json FROM discovery_totals WHERE profiles_basis = $basis";

    /// <summary>Keeps the inventory sum (<c>$totals</c>, JSON) with the basis it was summed from, in the table's one row.</summary>
    public const string KeepTotals = """
        INSERT INTO discovery_totals VALUES (true, $basis, $totals)
        ON CONFLICT (singleton) DO UPDATE SET profiles_basis = excluded.profiles_basis, inventory_json = excluded.inventory_json
        """;

    /// <summary>The stored profiles of the files in <c>$ids</c>, which a run is about to replace (taken out of the kept sum).</summary>
    public const string ReplacedProfiles = "SELECT profile_json FROM files WHERE profile_json IS NOT NULL AND file_id IN (SELECT unnest($ids))";

    /// <summary>Every stored profile, streamed one at a time, when the kept sum must be computed again.</summary>
    public const string AllProfiles = "SELECT profile_json FROM files WHERE profile_json IS NOT NULL";

    /// <summary>The counts and metrics of the discovery that last profiled this inventory (stage_state's row 0), as its run recorded them.</summary>
    public const string LastProfile = """
        SELECT r.items_in, r.items_out, r.items_failed, r.metrics_json
        FROM stage_state s JOIN run_stages r ON r.run_id = s.run_id AND r.stage = s.stage
        WHERE s.stage = 0 AND r.status = $succeeded
        """;
}
