using System.Reflection;
using System.Text.RegularExpressions;
using Hindsight.Warehouse;

namespace Hindsight.Tests.Warehouse;

/// <summary>
/// The warehouse is the only owner of DuckDB's connection: code outside <c>src/Hindsight/Warehouse/</c> reads and
/// writes through <see cref="WarehouseSession"/> and <see cref="TableLayout{TRow}"/>, and every layout the product
/// declares agrees with its table's schema.
/// </summary>
public sealed partial class WarehouseBoundaryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public void No_file_outside_the_warehouse_folder_uses_DuckDBs_connection_command_or_appender()
    {
        var root = RepositoryPaths.Root;
        var usingDuckDb = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
            .Where(path => !path.StartsWith("src/Hindsight/Warehouse/", StringComparison.Ordinal))
            .Where(path => DuckDbConnectionUse().IsMatch(File.ReadAllText(Path.Combine(root, path))))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(usingDuckDb.Count == 0, $"uses DuckDB.NET's connection, command or appender outside Warehouse/: {string.Join(", ", usingDuckDb.Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public async Task Every_table_layout_in_the_product_agrees_with_its_tables_schema()
    {
        using var dir = new TempDirectory();
        await using var warehouse = await Hindsight.Warehouse.Warehouse.OpenAsync(dir.Combine("h.duckdb"), new WarehouseOptions(), Cancel);
        var stored = (await warehouse.Session.ReadAsync("SELECT table_name FROM duckdb_tables() WHERE NOT temporary", row => row.GetString("table_name"), Cancel))
            .ToHashSet(StringComparer.Ordinal);
        var layouts = ProductLayouts().ToList();
        Assert.NotEmpty(layouts);

        var drifts = new List<string>();
        foreach (var (field, layout) in layouts)
        {
            var checkedLayout = await CheckAsync(warehouse.Session, layout, stored);
            if (checkedLayout is not null) drifts.Add($"{field}: {checkedLayout}");
        }

        Assert.True(drifts.Count == 0, string.Join("\n", drifts));
    }

    /// <summary>Every static field of a <see cref="TableLayout{TRow}"/> type in the product library.</summary>
    private static IEnumerable<(string Field, object Layout)> ProductLayouts() =>
        from type in typeof(Hindsight.Warehouse.Warehouse).Assembly.GetTypes()
        from field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
        where field.FieldType.IsGenericType && field.FieldType.GetGenericTypeDefinition() == typeof(TableLayout<>)
        select ($"{type.Name}.{field.Name}", field.GetValue(null)!);

    /// <summary>A stored table's layout against its schema; a temporary table's against the table its own DDL makes.</summary>
    private static async Task<string?> CheckAsync(WarehouseSession session, object layout, HashSet<string> stored)
    {
        var table = (string)layout.GetType().GetProperty(nameof(TableLayout<object>.Table))!.GetValue(layout)!;
        if (!stored.Contains(table))
            await session.ExecuteAsync((string)layout.GetType().GetProperty(nameof(TableLayout<object>.CreateTempTableSql))!.GetValue(layout)!, Cancel);
        var drift = typeof(WarehouseSession).GetMethod(nameof(WarehouseSession.LayoutDriftAsync))!.MakeGenericMethod(layout.GetType().GetGenericArguments()[0]);
        return await (Task<string?>)drift.Invoke(session, [layout, Cancel])!;
    }

    [GeneratedRegex(@"\bDuckDB(Connection|Command|Appender)\b|\.Connection\b\s*[.;,)]|\bCreateAppender\(")]
    private static partial Regex DuckDbConnectionUse();
}
