using System.Globalization;

namespace Hindsight.Warehouse;

/// <summary>
/// DuckDB settings changed for the length of one piece of work (a stage) and put back after it. They are the database
/// instance's settings, so every connection of this process sees the change, and none outlives the process: a run that
/// dies before <see cref="RestoreAsync"/> leaves nothing changed for the next one.
/// </summary>
public sealed class SettingOverrides
{
    private readonly Warehouse _warehouse;
    private readonly List<(string Name, string Previous)> _previous = [];

    private SettingOverrides(Warehouse warehouse) => _warehouse = warehouse;

    /// <summary>The settings that may be overridden: their names are written into SET statements, which take no parameter.</summary>
    private static readonly HashSet<string> Overridable = new(StringComparer.Ordinal) { "threads", "max_vacuum_tasks" };

    /// <summary>Reads each setting's value and sets the new one; a failure puts back what was already set.</summary>
    public static async Task<SettingOverrides> ApplyAsync(Warehouse warehouse, IEnumerable<(string Name, long Value)> settings, CancellationToken cancellationToken)
    {
        var overrides = new SettingOverrides(warehouse);
        try
        {
            foreach (var (name, value) in settings)
            {
                if (!Overridable.Contains(name)) throw new ArgumentException($"{name} is not a setting Hindsight overrides", nameof(settings));
                var previous = Convert.ToString(await warehouse.ScalarAsync("SELECT value FROM duckdb_settings() WHERE name = $name", cancellationToken,
                        new DuckDB.NET.Data.DuckDBParameter("name", name)), CultureInfo.InvariantCulture)
                    ?? throw new InvalidOperationException($"DuckDB has no value for the setting {name}");
                await warehouse.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"SET {name} = {value}"), cancellationToken);
                overrides._previous.Add((name, previous));
            }
        }
        catch
        {
            await overrides.RestoreAsync(afterFailure: true);
            throw;
        }
        return overrides;
    }

    /// <summary>
    /// Puts every setting back. After a failure (<paramref name="afterFailure"/>) a setting that cannot be put back is
    /// left as it is: the work's own error is what the caller must see, and the setting dies with the process.
    /// </summary>
    public async Task RestoreAsync(bool afterFailure)
    {
        for (int i = _previous.Count - 1; i >= 0; i--)
        {
            var (name, previous) = _previous[i];
            try
            {
                await _warehouse.ExecuteAsync($"SET {name} = {previous}", CancellationToken.None);
            }
            catch (WarehouseQueryException) when (afterFailure)
            {
            }
        }
        _previous.Clear();
    }
}
