using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// Removes every row that came from one source folder (a corpus tried once, a sample mixed into a real warehouse),
/// across every table, in one transaction: either all of it goes or none. Derived tables are recomputed by the
/// next run (their stage fingerprints are cleared), and the correction cache, keyed by text rather than by source,
/// stays, so prompts that also occur elsewhere cost nothing to correct again.
/// </summary>
public sealed class SourceForgetter(Warehouse warehouse)
{
    /// <summary>
    /// Every table that holds rows of a source. A table added by a later migration that has a file_id or entity_id
    /// column is added here, and forget covers it. <c>files</c> comes last: the other tables are matched through it.
    /// </summary>
    public static IReadOnlyList<ForgetTable> Tables { get; } =
    [
        new("records", ForgetKey.FileId),
        new("content_blocks", ForgetKey.FileId),
        new("dead_letters", ForgetKey.FileId),
        new("progress_copies", ForgetKey.FileId),
        new("messages", ForgetKey.FileId),
        new("api_calls", ForgetKey.FileId),
        new("cost_states", ForgetKey.FileId),
        new("file_blocks", ForgetKey.FileId),
        new("raw_lines", ForgetKey.FileId, IsView: true),
        new("usage_lines", ForgetKey.FileId),
        new("uuidless_lines", ForgetKey.FileId),
        new("duplicate_rule_marks", ForgetKey.FileId),
        new("derived_files", ForgetKey.FileId),
        new("identified_files", ForgetKey.FileId),
        new("staged_files", ForgetKey.FileId),
        new("search_index_files", ForgetKey.FileId),
        new("corrections", ForgetKey.EntityId),
        new("correction_history", ForgetKey.EntityId),
        new("claude_code_stage_4", ForgetKey.EntityId, IsView: true),
        new("claude_code_stage_4_rows", ForgetKey.EntityId),
        new("entities", ForgetKey.EntityId),
        new("files", ForgetKey.FileId),
    ];

    /// <summary>Rows per table that come from <paramref name="folder"/>; with <paramref name="remove"/>, removes them in one transaction.</summary>
    public async Task<IReadOnlyList<(string Table, long Rows)>> ForgetAsync(string folder, bool remove, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        using var transaction = warehouse.Connection.BeginTransaction();
        await warehouse.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE forget_files AS
            SELECT file_id FROM files
            WHERE source_root = $root OR path = $root OR starts_with(path, $root || '/') OR starts_with(source_root, $root || '/')
            """, cancellationToken, new DuckDBParameter("root", root));
        // Message and block entities located in those files; a session goes with them when none of its messages is left.
        await warehouse.ExecuteAsync("""
            CREATE OR REPLACE TEMP TABLE forget_entities AS
            WITH located AS (SELECT entity_id, session_id FROM entities WHERE file_id IN (SELECT file_id FROM forget_files))
            SELECT entity_id FROM located
            UNION
            SELECT s.entity_id FROM entities s
            WHERE s.file_id IS NULL AND s.session_id IN (SELECT session_id FROM located)
              AND NOT EXISTS (SELECT 1 FROM entities m WHERE m.session_id = s.session_id AND m.file_id IS NOT NULL
                                AND m.entity_id NOT IN (SELECT entity_id FROM located))
            """, cancellationToken);

        var counts = new List<(string, long)>();
        // A view's rows are counted too (what the raw archive loses) but never deleted: they go with its tables.
        foreach (var table in Tables)
        {
            long rows = Convert.ToInt64(await warehouse.ScalarAsync($"SELECT count(*) FROM {table.Name} WHERE {table.Where}", cancellationToken) ?? 0L,
                System.Globalization.CultureInfo.InvariantCulture);
            counts.Add((table.Name, rows));
        }
        if (remove && counts.Any(c => c.Item2 > 0))
        {
            foreach (var table in Tables.Where(t => !t.IsView)) await warehouse.ExecuteAsync($"DELETE FROM {table.Name} WHERE {table.Where}", cancellationToken);
            // Every derived stage recomputes on the next run: duplicate marks and API calls may have pointed into the removed rows.
            await warehouse.ExecuteAsync("DELETE FROM stage_state", cancellationToken);
            // Stage 2 derives every remaining file again (rows of other files may have shared keys with the removed ones).
            await warehouse.ExecuteAsync("DELETE FROM derived_files", cancellationToken);
            // Stages 3 and 4 likewise: an entity located in a removed file may have other rows, in files that are kept.
            await warehouse.ExecuteAsync("DELETE FROM identified_files", cancellationToken);
            await warehouse.ExecuteAsync("DELETE FROM staged_files", cancellationToken);
        }
        await warehouse.ExecuteAsync("DROP TABLE forget_entities", cancellationToken);
        await warehouse.ExecuteAsync("DROP TABLE forget_files", cancellationToken);
        transaction.Commit();
        return counts;
    }
}
