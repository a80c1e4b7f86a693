using System.Text.Json;
using DuckDB.NET.Data;
using Hindsight.Stages.Discovery;

namespace Hindsight.Reports;

/// <summary>
/// `hindsight drift` from the warehouse: the format drift of every transcript file's stored discovery profile, read
/// one file at a time (only the unknown names of each are kept).
/// </summary>
public static class FormatDriftQuery
{
    public static async Task<FormatDrift> ReadAsync(DuckDBConnection connection, string? project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var drift = new FormatDrift();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT profile_json FROM files WHERE profile_json IS NOT NULL AND ($project IS NULL OR project = $project) ORDER BY path";
        command.Parameters.Add(new DuckDBParameter("project", (object?)project ?? DBNull.Value));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            FileProfile? profile;
            try
            {
                profile = FileProfile.Read(reader.GetString(0));
            }
            catch (JsonException)
            {
                continue;
            }
            if (profile is not null) drift.Add(profile);
        }
        return drift;
    }
}
