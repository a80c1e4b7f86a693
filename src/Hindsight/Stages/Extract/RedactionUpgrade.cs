using DuckDB.NET.Data;
using Hindsight.Secrets;
using Hindsight.Stages.Clean;

namespace Hindsight.Stages.Extract;

/// <summary>
/// Keeps every derived row redacted under the current secret rules. Stage 1 redacts what it writes; when the rules
/// change (<see cref="SecretRedactor.Version"/>, a hash of the catalogue) or a warehouse written by an older release
/// is opened, the rows already stored are redacted again, in one transaction, before anything new is written:
/// content blocks, dead letters, messages, corrections and the correction cache. Only rows that change are
/// rewritten. The staged table follows by itself: the version is part of its fingerprints. Redaction only ever
/// removes, so running it over already redacted text changes nothing.
/// </summary>
public sealed class RedactionUpgrade(Warehouse.Warehouse warehouse)
{
    /// <summary>The <c>stage_state</c> row that remembers the version the derived rows were redacted under.</summary>
    private const int StateRow = 11;

    /// <summary>Re-redacts stored rows when they were redacted under another version; returns how many rows changed.</summary>
    public async Task<long> EnsureCurrentAsync(Guid runId, CancellationToken cancellationToken)
    {
        var state = new StageInputs(warehouse, StateRow);
        if (await state.UnchangedSinceLastRunAsync(SecretRedactor.Version, cancellationToken)) return 0;
        await RedactionFunctions.RegisterAsync(warehouse, cancellationToken);
        using var transaction = warehouse.Session.BeginTransaction();
        long changed = 0;
        // Each statement keeps only the rows whose redaction differs (few), then rewrites just those.
        changed += await RewriteAsync(ExtractSql.CollectBlockRedactions, ExtractSql.ApplyBlockRedactions, cancellationToken);
        changed += await RewriteAsync(ExtractSql.CollectMessageRedactions, ExtractSql.ApplyMessageRedactions, cancellationToken);
        changed += await RewriteAsync(ExtractSql.CollectCorrectionRedactions, ExtractSql.ApplyCorrectionRedactions, cancellationToken);
        changed += await RewriteAsync(ExtractSql.CollectCacheRedactions, ExtractSql.ApplyCacheRedactions, cancellationToken);
        await warehouse.ExecuteAsync(ExtractSql.DropRedactionChanges, cancellationToken);
        changed += await RedactDeadLettersAsync(cancellationToken);
        await state.RememberAsync(SecretRedactor.Version, runId, cancellationToken);
        transaction.Commit();
        return changed;
    }

    private async Task<long> RewriteAsync(string collect, string update, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(collect, cancellationToken);
        if (Convert.ToInt64(await warehouse.ScalarAsync(ExtractSql.CountRedactionChanges, cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            return 0;
        return await warehouse.ExecuteAsync(update, cancellationToken);
    }

    // Dead letters are few, and their prefix is bytes that may not be UTF-8: redacted here rather than in SQL.
    private async Task<long> RedactDeadLettersAsync(CancellationToken cancellationToken)
    {
        var changes = new List<(long RowId, string Detail, byte[] Prefix)>();
        await foreach (var row in warehouse.Session.StreamAsync(ExtractSql.DeadLetters, cancellationToken))
        {
            var letter = new Sources.ClaudeCode.DeadLetter(row.GetString("file_id"), row.GetInt64("line_no"), row.GetInt64("byte_offset"),
                Sources.ClaudeCode.DeadLetterReasonNames.Parse(row.GetString("reason")),
                row.GetString("detail"), row.GetBlob("raw_prefix"), row.GetInt64("raw_length"), row.GetString("raw_sha256"));
            long redactions = 0;
            var redacted = BlockRedactor.Redact(letter, ref redactions);
            if (!ReferenceEquals(redacted, letter)) changes.Add((row.GetInt64("rowid"), redacted.Detail, redacted.RawPrefix));
        }

        foreach (var (rowId, detail, prefix) in changes)
        {
            await warehouse.ExecuteAsync(ExtractSql.UpdateDeadLetter, cancellationToken,
                new DuckDBParameter("detail", detail), new DuckDBParameter("prefix", prefix), new DuckDBParameter("row", rowId));
        }

        return changes.Count;
    }
}
