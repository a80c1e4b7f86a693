namespace Hindsight.Stages.Clean;

/// <summary>
/// Marks duplicates with their reason and the row kept, never deleting anything. Rules, in order of precedence:
/// <list type="number">
/// <item><c>resumed_replay</c>: the same uuid in several places (a resumed session replays history);
/// the copy in the file whose session started first is kept (then by path, then by line).</item>
/// <item><c>sidechain_replay</c>: a sidechain assistant line repeating a main-chain message.id under
/// another requestId (the /btw aside log); the main-chain line is kept.</item>
/// <item><c>steering_written_twice</c>: steering text written as a queue-operation and again as a
/// queued_command attachment or as the prompt it became (a queued slash command likewise, by its name and
/// arguments); the in-conversation record is kept, else the earliest queue-operation.</item>
/// <item><c>copied_line</c>: a line without uuid (queue operations, metadata) whose session, type and bytes are
/// those of a line in another file: the same transcript under a second source path or project folder (a session
/// moved to a worktree's folder, a renamed project folder, a backup). The identity of a line is its session and
/// content, not its path; the copy in the file whose session started first is kept (then by path, then by line).
/// Byte-identical lines inside one file stay: there they are events written twice, not copies.</item>
/// <item><c>forked_replay</c>: a Codex line replayed byte for byte by a forked or subagent rollout (under the fork's
/// own session); the copy in the file whose session started first is kept (then by path, then by line).</item>
/// </list>
/// A row of typed text found inside a tool result (<c>block_index</c> set) shares its record's mark.
/// <para>
/// Computed a slice of changed files at a time (<see cref="DerivedFiles"/>): each rule's marks are kept apart in
/// <c>duplicate_rule_marks</c>, and for the keys the slice touches (its uuids, message ids, files and line hashes,
/// and the keys of rows whose kept copy was in the slice) the rule is evaluated again over every row that shares
/// them, found by key, not by reading the corpus. A row's mark is its rule mark of highest precedence; only rows
/// whose mark changes are written.
/// </para>
/// </summary>
public sealed class DuplicateMarker(Warehouse.Warehouse warehouse)
{
    /// <summary>Part of what each file is derived with: a change of these rules marks every file again.</summary>
    public const string RulesVersion = "duplicates-2 (Codex forked replays)";

    /// <summary>
    /// Marks the current slice (inside its transaction; <see cref="DerivedKeyTables.RefreshSliceAsync"/> has run).
    /// Returns the number of message rows whose mark changed.
    /// </summary>
    public async Task<long> MarkSliceAsync(CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(CleanSql.Duplicates.CreateTouched, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.Duplicates.TouchSlice, cancellationToken);
        foreach (var sql in CleanSql.Duplicates.ResumedReplay.Concat(CleanSql.Duplicates.SidechainReplay)
                     .Concat(CleanSql.Duplicates.SteeringWrittenTwice).Concat(CleanSql.Duplicates.CopiedLine).Concat(CleanSql.Duplicates.ForkedReplay))
            await warehouse.ExecuteAsync(sql, cancellationToken);
        long changed = await warehouse.ExecuteAsync(CleanSql.Duplicates.ApplyMarks, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.Duplicates.DropTouched, cancellationToken);
        return changed;
    }

    /// <summary>Marked message rows by reason, over the whole table (one narrow aggregate).</summary>
    public async Task<Dictionary<string, long>> CountsByReasonAsync(CancellationToken cancellationToken)
    {
        var byReason = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in warehouse.Session.StreamAsync(CleanSql.Duplicates.CountsByReason, cancellationToken))
            byReason[row.GetString("duplicate_reason")] = row.GetInt64("marked");
        return byReason;
    }
}
