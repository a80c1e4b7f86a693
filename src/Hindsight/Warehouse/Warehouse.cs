using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Polly;
using Polly.Retry;

namespace Hindsight.Warehouse;

/// <summary>
/// The embedded DuckDB warehouse: one file, opened by one process at a time (DuckDB's file lock is
/// what keeps two runs from interleaving), with its schema migrated on open.
/// </summary>
public sealed partial class Warehouse : IAsyncDisposable, IDisposable
{
    public string Path { get; }
    /// <summary>The process's own connection: only the warehouse's own code uses it; everything else goes through <see cref="Session"/>.</summary>
    internal DuckDBConnection Connection { get; }
    /// <summary>Reads and writes on the warehouse's own connection: rows by column name, typed writers, DuckDB's failures mapped.</summary>
    public WarehouseSession Session { get; }
    public bool IsReadOnly { get; }
    /// <summary>Set when this open rewrote a warehouse of an older release into the current storage layout; the command prints its summary.</summary>
    public StorageRewriteResult? Upgrade { get; private set; }

    private readonly string _connectionString;
    private string? _spillFolder;
    /// <summary>Whether the file is attached (as <see cref="AttachedName"/>) to an in-memory instance rather than opened as it.</summary>
    private bool _attached;

    /// <summary>The catalog name a writer's connection gives the warehouse file.</summary>
    private const string AttachedName = "warehouse";

    /// <summary>A SQL string literal of <paramref name="text"/> (a file path in ATTACH, which takes no parameter).</summary>
    internal static string SqlLiteral(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private Warehouse(string path, DuckDBConnection connection, bool isReadOnly)
    {
        Path = path;
        Connection = connection;
        Session = new WarehouseSession(connection, ownsConnection: false);
        IsReadOnly = isReadOnly;
        _connectionString = connection.ConnectionString;
    }

    /// <summary>
    /// Another connection to the same database instance, for work that runs beside the main connection
    /// (stage 4 reads targets, looks up the cache and writes results concurrently). The caller disposes it.
    /// </summary>
    private async Task<DuckDBConnection> OpenSiblingConnectionAsync(CancellationToken cancellationToken)
    {
        if (!_attached)
        {
            var connection = new DuckDBConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        // The file is attached to this process's own in-memory instance: only a duplicate of the connection reaches it.
        var sibling = Connection.Duplicate();
        try
        {
            await sibling.OpenAsync(cancellationToken);
            await ExecuteAsync(sibling, $"USE {AttachedName}", cancellationToken);
            return sibling;
        }
        catch
        {
            await sibling.DisposeAsync();
            throw;
        }
    }

    /// <summary>A session on a sibling connection (<see cref="OpenSiblingConnectionAsync"/>); the caller disposes it.</summary>
    public async Task<WarehouseSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new WarehouseSession(await OpenSiblingConnectionAsync(cancellationToken), ownsConnection: true);
        }
        catch (DuckDBException ex)
        {
            throw WarehouseSession.Mapped(ex);
        }
    }

    public static async Task<Warehouse> OpenAsync(string path, WarehouseOptions options, CancellationToken cancellationToken)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!options.ReadOnly)
        {
            var dir = System.IO.Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        else if (!File.Exists(fullPath))
        {
            throw new WarehouseException($"No warehouse at {fullPath}. Run `hindsight run` first, or pass --db.");
        }
        RefuseForeignFile(fullPath);

        var deadline = DateTimeOffset.UtcNow + options.LockWait;
        StorageRewriteResult? rewritten = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A writer opens an in-memory instance and attaches the file to it: only ATTACH takes a row group size
            // (WarehouseOptions.RowGroupSize). A reader opens the file itself, as any DuckDB client does.
            bool attach = !options.ReadOnly;
            var builder = new DuckDBConnectionStringBuilder { DataSource = attach ? ":memory:" : fullPath };
            builder["memory_limit"] = options.MemoryLimit;
            builder["threads"] = options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder["preserve_insertion_order"] = options.PreserveInsertionOrder ? "true" : "false";
            // Cached freed memory lies outside the limit: returned early, and purged by the allocator's own thread.
            builder["allocator_flush_threshold"] = options.AllocatorFlushThreshold;
            builder["allocator_bulk_deallocation_flush_threshold"] = options.AllocatorBulkFlushThreshold;
            builder["allocator_background_threads"] = "true";
            if (options.ReadOnly) builder["access_mode"] = "READ_ONLY";
            // Set at open it would forbid the ATTACH itself; a writer turns it off right after (it cannot be turned on again).
            if (options.DisableExternalAccess && !attach) builder["enable_external_access"] = "false";
            // Rows not yet checkpointed stay in memory, so a small threshold keeps a bulk load's memory small too.
            builder["checkpoint_threshold"] = options.CheckpointThreshold;
            // A new file is created at this version (zstd for the raw archive); an existing file keeps its own.
            builder["storage_compatibility_version"] = StorageVersion.Target;
            // Only the writer spills to its own folder: several read-only processes may share a warehouse, and DuckDB's
            // spill file names are not unique per process (readers keep DuckDB's default).
            var spill = options.ReadOnly ? null : options.TemporaryDirectory ?? WarehouseOptions.TemporaryDirectoryFor(fullPath, options.SourceFolders);
            if (spill is not null) builder["temp_directory"] = spill;
            var connection = new DuckDBConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                if (attach)
                {
                    await ExecuteAsync(connection, $"ATTACH {SqlLiteral(fullPath)} AS {AttachedName} (ROW_GROUP_SIZE {options.RowGroupSize}); USE {AttachedName}", cancellationToken);
                    if (options.DisableExternalAccess) await ExecuteAsync(connection, "SET enable_external_access = false", cancellationToken);
                }
            }
            catch (DuckDBException ex) when (IsLockConflict(ex.Message))
            {
                await connection.DisposeAsync();
                if (DateTimeOffset.UtcNow >= deadline)
                    throw new WarehouseLockedException(fullPath, LockHolder(ex.Message), ex);
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                continue;
            }
            catch (DuckDBException ex) when (IsDamagedWal(ex.Message))
            {
                await connection.DisposeAsync();
                throw new WarehouseException(DamagedWalHint(fullPath), ex);
            }
            catch (DuckDBException ex)
            {
                await connection.DisposeAsync();
                throw new WarehouseException($"Cannot open the warehouse {fullPath}: {ex.Message}", ex);
            }

            // This process holds the write lock now and nothing has run yet: spill files still there were left by a
            // process that was killed, and would otherwise stay for ever.
            if (spill is not null) SpillFolder.RemoveLeftovers(spill);
            var warehouse = new Warehouse(fullPath, connection, options.ReadOnly) { _spillFolder = spill, _attached = attach };
            try
            {
                // Checked before the first write (the migrations' own table): a foreign database stays untouched.
                int schemaVersion = await warehouse.RefuseForeignSchemaAsync(cancellationToken);
                if (!options.ReadOnly)
                {
                    // A file of an older release is rewritten before anything is written to it; then opened again.
                    var storage = await StorageVersion.OfAsync(connection, cancellationToken);
                    if (rewritten is null && StorageVersion.IsOlderThanTarget(storage))
                    {
                        rewritten = await StorageRewrite.RunAsync(connection, fullPath, storage, schemaVersion, cancellationToken);
                        await warehouse.DisposeAsync();
                        continue;
                    }
                    // A warehouse already at the latest schema (every re-run) needs no migration statement at all.
                    if (schemaVersion < Migrations.LatestVersion) await MigrateAsync(connection, Migrations.LatestVersion, cancellationToken);
                }
                warehouse.Upgrade = rewritten;
                return warehouse;
            }
            catch
            {
                await warehouse.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>DuckDB's file header carries this magic at byte 8; every other file (CSV, JSONL, SQLite, ...) is not a warehouse.</summary>
    private static ReadOnlySpan<byte> DuckDbMagic => "DUCK"u8;

    /// <summary>
    /// Refuses an existing file that is not a DuckDB database. DuckDB would otherwise open a CSV or JSONL file as a
    /// read-only view in memory, and a run would "succeed" without saving anything. DuckDB refuses an empty file too,
    /// so it is refused here with the same clear message.
    /// </summary>
    private static void RefuseForeignFile(string fullPath)
    {
        if (!File.Exists(fullPath)) return;
        Span<byte> header = stackalloc byte[12];
        int read;
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The open itself reports an unreadable file with its cause, as a warehouse error.
            return;
        }
        if (read < header.Length || !header[8..].SequenceEqual(DuckDbMagic))
            throw new WarehouseRefusedException($"{fullPath} is not a Hindsight warehouse (not a DuckDB database file); it was left untouched. Pass --db with a new path or an existing Hindsight warehouse.");
    }

    /// <summary>
    /// Refuses a DuckDB database that holds tables but not Hindsight's schema marker (the schema_migrations table),
    /// and a warehouse whose schema is newer than this release knows: writing into either would fail halfway or
    /// damage someone else's data. Returns the schema version (0 for a database without the marker: a new file).
    /// One catalog query answers both questions, and a second reads the version: this runs at every command's start.
    /// </summary>
    private async Task<int> RefuseForeignSchemaAsync(CancellationToken cancellationToken)
    {
        long tables, marked;
        using (var command = Connection.CreateCommand())
        {
            command.CommandText =
                "SELECT count(*), count(*) FILTER (WHERE schema_name = 'main' AND table_name = 'schema_migrations') " +
                "FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary";
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            tables = reader.GetInt64(0);
            marked = reader.GetInt64(1);
        }
        if (tables == 0) return 0;
        if (marked == 0)
            throw new WarehouseRefusedException($"{Path} is a DuckDB database but not a Hindsight warehouse (it has no schema_migrations table); it was left untouched. Pass --db with a new path or an existing Hindsight warehouse.");
        var version = Convert.ToInt32(await ScalarAsync("SELECT coalesce(max(version), 0) FROM schema_migrations", cancellationToken) ?? 0,
            System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.LatestVersion)
            throw new WarehouseRefusedException($"{Path} was made by a newer Hindsight release (schema version {version}; this release knows up to {Migrations.LatestVersion}); it was left untouched. Upgrade Hindsight to use it, or pass --db with another path.");
        return version;
    }

    /// <summary>
    /// Applies every migration newer than the database up to <paramref name="upTo"/>, each in its own transaction, in the
    /// connection's current database.
    /// </summary>
    internal static async Task MigrateAsync(DuckDBConnection connection, int upTo, CancellationToken cancellationToken)
    {
        await RunAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
        int current;
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
            current = Convert.ToInt32(await select.ExecuteScalarAsync(cancellationToken) ?? 0, System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var migration in Migrations.All.Where(m => m.Version > current && m.Version <= upTo).OrderBy(m => m.Version))
        {
            using var transaction = connection.BeginTransaction();
            await RunAsync(migration.Sql);
            using (var insert = connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO schema_migrations VALUES ($version, $name, now())";
                insert.Parameters.Add(new DuckDBParameter("version", migration.Version));
                insert.Parameters.Add(new DuckDBParameter("name", migration.Name));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            transaction.Commit();
        }

        async Task RunAsync(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes committed data into the database file, so it no longer holds memory or needs the WAL. Skipped while
    /// the WAL is under <paramref name="minimumWalBytes"/> (by default 1 MB: a stage that changed nothing, run tracking;
    /// a checkpoint costs ~10 ms even then, and replaying a few kilobytes on the next open costs nothing).
    /// </summary>
    /// <remarks>
    /// A checkpoint needs DuckDB's checkpoint lock, which a write transaction of another connection holds until DuckDB
    /// has cleaned it up, a moment after it committed (seen once under heavy load, after stage 1's lanes had finished).
    /// So a refused checkpoint is tried again a few times, then left to DuckDB's own: nothing is lost by waiting, the
    /// log is folded at its threshold or on close, and failing the run over it would be wrong.
    /// </remarks>
    public async Task CheckpointAsync(CancellationToken cancellationToken, long minimumWalBytes = 1 << 20)
    {
        if (IsReadOnly || WalBytes < minimumWalBytes) return;
        try
        {
            await CheckpointRetry.ExecuteAsync(async token => await ExecuteAsync(Connection, "CHECKPOINT", token), cancellationToken);
        }
        catch (DuckDBException ex) when (IsCheckpointLockBusy(ex))
        {
            // Still busy after the retries: DuckDB checkpoints later by itself.
        }
    }

    private static bool IsCheckpointLockBusy(DuckDBException ex) =>
        ex.Message.Contains("Cannot CHECKPOINT: there are other write transactions active", StringComparison.Ordinal);

    /// <summary>Four more tries over about 0.4 s: a finished transaction's cleanup takes milliseconds.</summary>
    private static readonly ResiliencePipeline CheckpointRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<DuckDBException>(IsCheckpointLockBusy),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(25),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    /// <summary>The size of the write-ahead log: what is committed but not yet written into the database file.</summary>
    public long WalBytes
    {
        get
        {
            var wal = new FileInfo(Path + ".wal");
            return wal.Exists ? wal.Length : 0;
        }
    }

    /// <summary>A statement on the warehouse's own connection (<see cref="Session"/>'s: DuckDB's failures mapped the same way).</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters) =>
        Session.ExecuteAsync(sql, cancellationToken, parameters);

    /// <summary>Runs a statement on another connection to this warehouse (a sibling, or the old file's during a rewrite).</summary>
    internal static async Task<int> ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(p);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first value of a query as DuckDB.NET gives it (null for none or NULL); <see cref="Session"/>'s typed one is preferred.</summary>
    public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params DuckDBParameter[] parameters) =>
        Session.ScalarAsync<object>(sql, cancellationToken, parameters);

    /// <summary>DuckDB could not replay the write-ahead log: its checksums or its entries do not hold.</summary>
    private static bool IsDamagedWal(string message) =>
        message.Contains("replaying WAL", StringComparison.OrdinalIgnoreCase) || message.Contains("Corrupt WAL", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What to do: the database file holds everything up to its last checkpoint, so with the log moved aside it opens,
    /// and the next run re-reads what the lost transactions held (each file's position is stored with its rows).
    /// </summary>
    private static string DamagedWalHint(string databasePath)
    {
        var wal = databasePath + ".wal";
        static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        return $"Cannot open the warehouse {databasePath}: its write-ahead log {wal} is damaged. "
            + $"Move the log aside and run again: `mv {Quote(wal)} {Quote(wal + ".damaged")}`. The warehouse then opens as of its "
            + "last checkpoint; transactions after it are lost, and the next `hindsight run` reads their lines again. "
            + "`hindsight check` then verifies the warehouse against its sources.";
    }

    internal static bool IsLockConflict(string message) =>
        message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase) ||
        message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase);

    private static string LockHolder(string message)
    {
        var match = PidPattern().Match(message);
        return match.Success ? $"PID {match.Groups[1].Value}" : "unknown process";
    }

    [GeneratedRegex(@"PID (\d+)")]
    private static partial Regex PidPattern();

    public void Dispose()
    {
        Connection.Dispose();
        SpillFolder.RemoveIfEmpty(_spillFolder);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        SpillFolder.RemoveIfEmpty(_spillFolder);
    }
}
