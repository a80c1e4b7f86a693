using DuckDB.NET.Data;

namespace Hindsight.Warehouse;

/// <summary>
/// The DuckDB storage version of a warehouse file. New files are written at <see cref="Target"/>: DuckDB's default for
/// new files (v0.10.2's format) never compresses long strings, so the raw archive would be stored as written. A file
/// keeps the version it was created with; only a rewrite into a new file changes it (<see cref="StorageRewrite"/>).
/// DuckDB releases older than v1.5.0 cannot open a file written at this version.
/// </summary>
public static class StorageVersion
{
    /// <summary>The version new warehouses are created with (the connection-string option <c>storage_compatibility_version</c>).</summary>
    public const string Target = "v1.5.0";

    private static readonly Version TargetVersion = Parse(Target)!;

    /// <summary>
    /// The file's storage version as DuckDB's own catalog reports it (the <c>storage_version</c> tag of
    /// <c>duckdb_databases()</c>, e.g. <c>v1.0.0+</c> for a file in the v0.10.2 format, <c>v1.5.0+</c> at the target).
    /// </summary>
    public static async Task<string> OfAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT map_extract_value(tags, 'storage_version') FROM duckdb_databases() WHERE database_name = current_database()";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value as string ?? "unknown";
    }

    /// <summary>True when a file at <paramref name="reported"/> is older than the layout this release writes (and must be rewritten before writing).</summary>
    public static bool IsOlderThanTarget(string reported) => Parse(reported) is { } version && version < TargetVersion;

    private static Version? Parse(string text)
    {
        var trimmed = text.Trim().TrimStart('v').TrimEnd('+');
        return Version.TryParse(trimmed, out var version) ? version : null;
    }
}
