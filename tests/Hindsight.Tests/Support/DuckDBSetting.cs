namespace Hindsight.Tests.Support;

/// <summary>A DuckDB setting of an open warehouse as text, the way tests compare it before and after some work.</summary>
internal static class DuckDBSetting
{
    /// <summary><paramref name="name"/> is a constant of the calling test (DuckDB's current_setting takes no parameter).</summary>
    internal static Task<string?> ValueAsync(Hindsight.Warehouse.Warehouse warehouse, string name) => ValueAsync(warehouse.Session, name);

    /// <summary>The same, as one session of the warehouse (a sibling connection) sees it.</summary>
    internal static async Task<string?> ValueAsync(Hindsight.Warehouse.WarehouseSession session, string name) =>
        Convert.ToString(await session.ScalarAsync<object>($"SELECT current_setting('{name}')", TestContext.Current.CancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
}
