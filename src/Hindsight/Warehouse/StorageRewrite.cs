using System.Globalization;
using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// Rewrites a warehouse written by an older release (DuckDB storage older than <see cref="StorageVersion.Target"/>, the
/// raw archive uncompressed) into a new file with this release's layout, without losing a row:
/// 1. checks there is room on the disk for one copy, refusing before anything is touched;
/// 2. creates <c>PATH.upgrading</c> beside it at the target storage version, with the old file's schema version
///    (the migrations after it then run on the new file, as on any warehouse);
/// 3. copies every table by column name, one table a statement, so DuckDB streams it under the memory limit;
/// 4. verifies each table's row count and checksum (the sum of every row's hash) against the old file;
/// 5. renames the new file over the old one, an atomic replacement while the old file is still open and locked.
/// A crash before the rename leaves the old warehouse as it was (a leftover <c>.upgrading</c> file is discarded on the
/// next attempt); after it, the new one is whole. The old file is only ever read (after a checkpoint that folds its
/// write-ahead log in, so no log of the old file can be replayed onto the new one).
/// </summary>
public static class StorageRewrite
{
    /// <summary>The suffix of the new file while it is being written, beside the warehouse.</summary>
    public const string Suffix = ".upgrading";

    /// <summary>The catalog name of the new file while it is attached to the old warehouse's connection.</summary>
    private const string Target = "hindsight_rewrite";

    internal static async Task<StorageRewriteResult> RunAsync(DuckDBConnection old, string path, string fromVersion, int schemaVersion, CancellationToken cancellationToken)
    {
        var target = path + Suffix;
        DeleteLeftovers(target);
        long before = SizeWithLog(path);
        EnsureRoomForOneCopy(path, before);

        await ExecuteAsync(old, "CHECKPOINT", cancellationToken);
        if (File.Exists(path + ".wal"))
            throw new WarehouseException($"Cannot upgrade the warehouse {path}: its write-ahead log could not be folded into it; it was left as it was.");
        var source = (string)(await ScalarAsync(old, "SELECT current_database()", cancellationToken))!;
        var tables = await TablesAsync(old, source, cancellationToken);

        await ExecuteAsync(old, $"ATTACH {Warehouse.SqlLiteral(target)} AS {Target} (STORAGE_VERSION '{StorageVersion.Target}')", cancellationToken);
        long rows = 0;
        try
        {
            await ExecuteAsync(old, $"USE {Target}", cancellationToken);
            await Warehouse.MigrateAsync(old, schemaVersion, cancellationToken);
            // The old file's own migration history (when each step was applied) is kept rather than the new file's.
            await ExecuteAsync(old, "DELETE FROM schema_migrations", cancellationToken);
            foreach (var table in tables)
            {
                var sourceTable = $"{Identifier(source)}.main.{Identifier(table.Name)}";
                var targetTable = $"{Target}.main.{Identifier(table.Name)}";
                await ExecuteAsync(old, $"INSERT INTO {targetTable} ({table.ColumnList}) SELECT {table.ColumnList} FROM {sourceTable}", cancellationToken);
                var expected = await ChecksumAsync(old, sourceTable, table.ColumnList, cancellationToken);
                var copied = await ChecksumAsync(old, targetTable, table.ColumnList, cancellationToken);
                if (expected != copied)
                    throw new WarehouseException($"Cannot upgrade the warehouse {path}: the copy of table {table.Name} does not match (rows and checksum {expected.Rows}/{expected.Sum} against {copied.Rows}/{copied.Sum}); the warehouse was left as it was.");
                rows += copied.Rows;
            }
            await ExecuteAsync(old, $"USE {Identifier(source)}", cancellationToken);
            await ExecuteAsync(old, $"CHECKPOINT {Target}", cancellationToken);
            await ExecuteAsync(old, $"DETACH {Target}", cancellationToken);
        }
        catch
        {
            await DetachQuietlyAsync(old, source);
            DeleteLeftovers(target);
            throw;
        }

        if (File.Exists(target + ".wal"))
        {
            DeleteLeftovers(target);
            throw new WarehouseException($"Cannot upgrade the warehouse {path}: the new file was not written completely; the warehouse was left as it was.");
        }
        long after = new FileInfo(target).Length;
        File.Move(target, path, overwrite: true);
        return new StorageRewriteResult(path, fromVersion, StorageVersion.Target, before, after, tables.Count, rows);
    }

    private sealed record TableColumns(string Name, string ColumnList);

    /// <summary>Every table of the old file with its columns in order, quoted (the names come from DuckDB's own catalog).</summary>
    private static async Task<List<TableColumns>> TablesAsync(DuckDBConnection connection, string database, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.table_name, list(c.column_name ORDER BY c.column_index)
            FROM duckdb_columns() c JOIN duckdb_tables() t ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name
            WHERE c.database_name = $database AND c.schema_name = 'main' AND NOT t.temporary
            GROUP BY c.table_name ORDER BY c.table_name
            """;
        command.Parameters.Add(new DuckDBParameter("database", database));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tables = new List<TableColumns>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var columns = reader.GetFieldValue<List<string>>(1);
            tables.Add(new TableColumns(reader.GetString(0), string.Join(", ", columns.Select(Identifier))));
        }
        return tables;
    }

    /// <summary>Row count and the sum of every row's hash over the listed columns: equal on both sides when the copy is exact.</summary>
    private static async Task<(long Rows, string Sum)> ChecksumAsync(DuckDBConnection connection, string qualifiedTable, string columnList, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), coalesce(sum(hash({columnList})::HUGEINT), 0)::VARCHAR FROM {qualifiedTable}";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>
    /// Refuses, touching nothing, when the disk holding the warehouse has less free space than one copy of it needs (the
    /// new file is smaller, as its archive is compressed, but how much smaller depends on the data: one copy is the bound).
    /// </summary>
    private static void EnsureRoomForOneCopy(string path, long needed)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        long available = new DriveInfo(directory).AvailableFreeSpace;
        if (available >= needed) return;
        throw new WarehouseDiskSpaceException(
            $"The warehouse {path} was written by an older release and must be rewritten into a new file beside it before this "
            + $"release writes to it (DuckDB storage {StorageVersion.Target}, raw archive compressed). That needs room for one copy: "
            + $"{Megabytes(needed)}, and {directory} has {Megabytes(available)} free: free {Megabytes(needed - available)} and run again. "
            + "Nothing was changed; read-only commands (report, query, runs) still work on it.");
    }

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static long SizeWithLog(string path)
    {
        var wal = new FileInfo(path + ".wal");
        return new FileInfo(path).Length + (wal.Exists ? wal.Length : 0);
    }

    private static void DeleteLeftovers(string target)
    {
        File.Delete(target);
        File.Delete(target + ".wal");
    }

    private static async Task DetachQuietlyAsync(DuckDBConnection connection, string source)
    {
        try
        {
            await ExecuteAsync(connection, $"USE {Identifier(source)}", CancellationToken.None);
            await ExecuteAsync(connection, $"DETACH DATABASE IF EXISTS {Target}", CancellationToken.None);
        }
        catch (DuckDBException)
        {
            // The original failure is what the user needs to see; the connection is closed next anyway.
        }
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken) =>
        Warehouse.ExecuteAsync(connection, sql, cancellationToken);

    private static async Task<object?> ScalarAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
