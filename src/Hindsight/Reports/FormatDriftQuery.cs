using System.Text.Json;
using DuckDB.NET.Data;
using Hindsight.Stages.Discover;
using Hindsight.Warehouse;

namespace Hindsight.Reports;

/// <summary>
/// `hindsight drift` from the warehouse: the format drift of every transcript file's stored discovery profile, read
/// one file at a time (only the unknown names of each are kept).
/// </summary>
public static class FormatDriftQuery
{
    private const string ProfilesSql =
        "SELECT profile_json FROM files WHERE profile_json IS NOT NULL AND ($project IS NULL OR project = $project) ORDER BY path";

    public static async Task<FormatDrift> ReadAsync(WarehouseSession session, string? project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var drift = new FormatDrift();
        await foreach (var row in session.StreamAsync(ProfilesSql, cancellationToken, new DuckDBParameter("project", (object?)project ?? DBNull.Value)))
        {
            FileProfile? profile;
            try
            {
                profile = FileProfile.Read(row.GetString("profile_json"));
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
