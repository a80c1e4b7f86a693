namespace Hindsight.Stages.Clean;

/// <summary>
/// Keeps stage 2's narrow key tables for one slice of changed files, and names the keys the slice touches:
/// <list type="bullet">
/// <item><c>usage_lines</c>: every line with usage (assistant lines and subagent calls copied into progress
/// records), typed, so that API calls are grouped without reading records or their raw JSON again;</item>
/// <item><c>uuidless_lines</c>: the SHA-256 of every record line without uuid, which copied lines are matched by and
/// stage 3 keys those messages by, so neither reads raw text of files that did not change.</item>
/// </list>
/// The keys touched are those of the slice's rows before and after: a line removed (a file read again whole) still
/// names the call or copy it took part in. No raw JSON is read: stage 1 stores the hash of each line without uuid and
/// the typed values of each copied call as it walks the line (reading the raw column decompressed whole vectors of it
/// outside DuckDB's memory limit, stage 2's peak memory on large sessions).
/// </summary>
public sealed class DerivedKeyTables(Warehouse.Warehouse warehouse)
{
    /// <summary>Message ids of the API calls the slice's usage lines take part in, before and after (temp table, one column <c>message_id</c>).</summary>
    public const string TouchedCallKeys = "touched_call_keys";

    /// <summary>(session_id, record_type, raw_sha256) of the slice's lines without uuid, before and after (temp table).</summary>
    public const string TouchedLineKeys = "touched_line_keys";

    /// <summary>Replaces the slice's rows of both tables and fills <see cref="TouchedCallKeys"/> and <see cref="TouchedLineKeys"/>.</summary>
    /// <param name="records">The row ids of the slice's records (<see cref="DerivedFiles.BeginSliceAsync"/>).</param>
    public async Task RefreshSliceAsync(SliceRows.RowRange records, CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(CleanSql.KeyTables.CreateTouchedCallKeys, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.CreateTouchedLineKeys, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.CallKeysOfSlice, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.LineKeysOfSlice, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.DeleteUsageLines, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.DeleteUuidlessLines, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.OwnUsageLines, cancellationToken, records.Parameters("record"));
        await warehouse.ExecuteAsync(CleanSql.KeyTables.ProgressCopies, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.UuidlessLines, cancellationToken, records.Parameters("record"));
        await warehouse.ExecuteAsync(CleanSql.KeyTables.CallKeysOfSlice, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.LineKeysOfSlice, cancellationToken);
    }

    public async Task DropTouchedKeysAsync(CancellationToken cancellationToken)
    {
        await warehouse.ExecuteAsync(CleanSql.KeyTables.DropTouchedCallKeys, cancellationToken);
        await warehouse.ExecuteAsync(CleanSql.KeyTables.DropTouchedLineKeys, cancellationToken);
    }
}
