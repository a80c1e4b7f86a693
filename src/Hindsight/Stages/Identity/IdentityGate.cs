using DuckDB.NET.Data;

namespace Hindsight.Stages.Identity;

/// <summary>
/// Checks the candidate ids before they are committed: none null or malformed, every parent present,
/// no id shared by two different natural keys of this run, none stored already under another key,
/// and no stored id of another length.
/// Runs inside the stage's transaction, so a refusal leaves the warehouse as it was.
/// </summary>
internal static class IdentityGate
{
    public static async Task<IdentityGateReport> CheckAsync(DuckDBConnection connection, int hexLength, CancellationToken cancellationToken)
    {
        var offending = new List<string>();
        long idsChecked = 0, unusable = 0, collidingIds = 0, collidingKeys = 0, stored = 0, otherLength = 0;
        int storedLength = 0;

        await IdentityQuery.ReadAsync(connection, IdentitySql.IdsChecked, hexLength, reader => idsChecked = reader.GetInt64(0), cancellationToken);
        await IdentityQuery.ReadAsync(connection, IdentitySql.CollisionsAmongCandidates, hexLength, reader =>
        {
            collidingIds = reader.GetInt64(2);
            collidingKeys = reader.GetInt64(3);
            Add(offending, $"id {reader.GetString(0)} <- {reader.GetString(1)}");
        }, cancellationToken);
        await IdentityQuery.ReadAsync(connection, IdentitySql.CollisionsWithStored, hexLength, reader =>
        {
            stored = reader.GetInt64(3);
            Add(offending, $"id {reader.GetString(0)} <- {reader.GetString(1)} (stored for {reader.GetString(2)})");
        }, cancellationToken);
        await IdentityQuery.ReadAsync(connection, IdentitySql.UnusableIds, hexLength, reader =>
        {
            unusable = reader.GetInt64(3);
            Add(offending, $"{reader.GetString(2)}: {reader.GetString(0)} {reader.GetString(1)}");
        }, cancellationToken);

        await IdentityQuery.ReadAsync(connection, IdentitySql.StoredWithOtherLength, hexLength, reader =>
        {
            otherLength = reader.GetInt64(0);
            storedLength = reader.GetInt32(1);
        }, cancellationToken);

        return new IdentityGateReport(idsChecked, unusable, collidingIds, collidingKeys, stored, otherLength, storedLength, hexLength, offending);
    }

    private static void Add(List<string> offending, string entry)
    {
        if (offending.Count < IdentityGateReport.MaxListedKeys) offending.Add(entry);
    }
}
