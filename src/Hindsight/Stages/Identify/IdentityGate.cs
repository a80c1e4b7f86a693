using Hindsight.Warehouse;

namespace Hindsight.Stages.Identify;

/// <summary>
/// Checks the candidate ids before they are committed: none null or malformed, every parent present,
/// no id shared by two different natural keys of this run, none stored already under another key,
/// and no stored id of another length.
/// Runs inside the stage's transaction, so a refusal leaves the warehouse as it was.
/// </summary>
internal static class IdentityGate
{
    public static async Task<IdentityGateReport> CheckAsync(WarehouseSession session, int hexLength, CancellationToken cancellationToken)
    {
        var offending = new List<string>();
        long idsChecked = 0, unusable = 0, collidingIds = 0, collidingKeys = 0, stored = 0, otherLength = 0;
        int storedLength = 0;

        await IdentityQuery.ReadAsync(session, IdentitySql.IdsChecked, hexLength, row => idsChecked = row.GetInt64("ids"), cancellationToken);
        await IdentityQuery.ReadAsync(session, IdentitySql.CollisionsAmongCandidates, hexLength, row =>
        {
            collidingIds = row.GetInt64("ids");
            collidingKeys = row.GetInt64("keys");
            Add(offending, $"id {row.GetString("entity_id")} <- {row.GetString("natural_key")}");
        }, cancellationToken);
        await IdentityQuery.ReadAsync(session, IdentitySql.CollisionsWithStored, hexLength, row =>
        {
            stored = row.GetInt64("total");
            Add(offending, $"id {row.GetString("entity_id")} <- {row.GetString("natural_key")} (stored for {row.GetString("stored_key")})");
        }, cancellationToken);
        await IdentityQuery.ReadAsync(session, IdentitySql.UnusableIds, hexLength, row =>
        {
            unusable = row.GetInt64("total");
            Add(offending, $"{row.GetString("problem")}: {row.GetString("entity_type")} {row.GetString("key")}");
        }, cancellationToken);

        await IdentityQuery.ReadAsync(session, IdentitySql.StoredWithOtherLength, hexLength, row =>
        {
            otherLength = row.GetInt64("ids");
            storedLength = row.GetInt32("id_length");
        }, cancellationToken);

        return new IdentityGateReport(idsChecked, unusable, collidingIds, collidingKeys, stored, otherLength, storedLength, hexLength, offending);
    }

    private static void Add(List<string> offending, string entry)
    {
        if (offending.Count < IdentityGateReport.MaxListedKeys) offending.Add(entry);
    }
}
