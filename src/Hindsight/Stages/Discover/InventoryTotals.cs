using System.Globalization;
using DuckDB.NET.Data;

namespace Hindsight.Stages.Discover;

/// <summary>
/// The inventory counts (<see cref="FileProfile.AddInventory"/>) of every profile stored in <c>files</c>, summed, kept in
/// <c>discovery_totals</c> so that discovery's totals need not read every file's whole profile when one file changed:
/// the few profiles a run writes are taken out of the sum and put back as they are now, in the transaction that writes
/// them. The row names what it was summed from (the number of stored profiles and a hash of each with its file id); a
/// sum that no longer matches (profiles removed or edited by anything else) is ignored, and computed again from every
/// stored profile.
/// </summary>
public static class InventoryTotals
{
    /// <summary>The sum over every stored profile: the kept one when it is still of those profiles, else computed and kept.</summary>
    public static async Task<FileProfile> CurrentAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        var basis = await BasisAsync(warehouse, cancellationToken);
        if (await KeptAsync(warehouse, basis, cancellationToken) is { } kept) return kept;
        var totals = await SumAllAsync(warehouse, cancellationToken);
        await KeepAsync(warehouse, totals, basis, cancellationToken);
        return totals;
    }

    /// <summary>
    /// Called inside the transaction that stores new profiles, before they are stored: returns the kept sum with the
    /// replaced profiles taken out and the new ones added, or null when there is no current sum to update.
    /// </summary>
    public static async Task<FileProfile?> UpdatedAsync(
        Warehouse.Warehouse warehouse, IReadOnlyDictionary<string, string> newProfileJsonByFileId, CancellationToken cancellationToken)
    {
        if (await KeptAsync(warehouse, await BasisAsync(warehouse, cancellationToken), cancellationToken) is not { } totals) return null;
        await foreach (var row in warehouse.Session.StreamAsync(
            DiscoverSql.ReplacedProfiles, cancellationToken,
            new DuckDBParameter("ids", newProfileJsonByFileId.Keys.ToArray())))
        {
            if (FileProfile.Read(row.GetString("profile_json")) is not { } replaced || !totals.SubtractInventory(replaced)) return null;
        }
        foreach (var json in newProfileJsonByFileId.Values)
        {
            if (FileProfile.Read(json) is { } added) totals.AddInventory(added);
        }
        return totals;
    }

    /// <summary>Keeps the sum as that of the profiles stored now (inside the transaction that stored them).</summary>
    public static async Task KeepAsync(Warehouse.Warehouse warehouse, FileProfile totals, CancellationToken cancellationToken) =>
        await KeepAsync(warehouse, totals, await BasisAsync(warehouse, cancellationToken), cancellationToken);

    private static async Task KeepAsync(Warehouse.Warehouse warehouse, FileProfile totals, string basis, CancellationToken cancellationToken) =>
        await warehouse.ExecuteAsync(DiscoverSql.KeepTotals, cancellationToken, new DuckDBParameter("basis", basis), new DuckDBParameter("totals", Canonical(totals).ToJson()));

    /// <summary>
    /// The same counts with every name in ordinal order: sums reached by different runs (one file at a time, or all at
    /// once after a resumed run) are then stored as the same text.
    /// </summary>
    private static FileProfile Canonical(FileProfile totals)
    {
        static Dictionary<string, long> Sorted(Dictionary<string, long> counts) =>
            counts.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new FileProfile
        {
            RecordSubtypes = Sorted(totals.RecordSubtypes),
            BlockTypes = Sorted(totals.BlockTypes),
            ToolNames = Sorted(totals.ToolNames),
            Models = Sorted(totals.Models),
            TopLevelFields = Sorted(totals.TopLevelFields),
            NestedFields = Sorted(totals.NestedFields),
            FieldPathsDropped = totals.FieldPathsDropped,
        };
    }

    private static async Task<string> BasisAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken) =>
        Convert.ToString(await warehouse.ScalarAsync(DiscoverSql.ProfilesBasis, cancellationToken), CultureInfo.InvariantCulture)!;

    private static async Task<FileProfile?> KeptAsync(Warehouse.Warehouse warehouse, string basis, CancellationToken cancellationToken)
    {
        var kept = await warehouse.ScalarAsync(DiscoverSql.KeptTotals, cancellationToken,
            new DuckDBParameter("basis", basis));
        return kept is string json ? FileProfile.Read(json) : null;
    }

    /// <summary>Every stored profile read whole, one at a time: memory holds one profile and the sum.</summary>
    private static async Task<FileProfile> SumAllAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        var totals = new FileProfile();
        await foreach (var row in warehouse.Session.StreamAsync(DiscoverSql.AllProfiles, cancellationToken))
        {
            if (FileProfile.Read(row.GetString("profile_json")) is { } profile) totals.AddInventory(profile);
        }
        return totals;
    }
}
