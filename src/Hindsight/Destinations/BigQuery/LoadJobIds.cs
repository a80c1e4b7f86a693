using System.Security.Cryptography;
using System.Text;

namespace Hindsight.Destinations.BigQuery;

/// <summary>
/// Deterministic load job ids: from the table, the partition, the machine and the partition's content hash (a hash of
/// its rows that does not depend on their order or on the Parquet bytes), so a publish that was killed after BigQuery
/// took its job asks for the same id again and is answered 409, and fetches that job instead of loading twice. A job
/// retried after a transient failure gets the same id with its attempt number (a failed job's id cannot be reused).
/// </summary>
public static class LoadJobIds
{
    /// <summary>BigQuery's job id alphabet: letters, digits, underscores and dashes, at most 1,024 characters.</summary>
    public static string For(string table, string partition, string machine, string contentHash, int attempt)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', table, partition, machine, contentHash))))[..24];
        var day = partition.Length == 0 ? "whole" : Safe(partition.Replace("-", "", StringComparison.Ordinal));
        var id = $"hindsight_{Safe(table)}_{day}_{Safe(machine)}_{digest}";
        return attempt == 0 ? id : id + "_r" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Safe(string part)
    {
        var safe = new StringBuilder(part.Length);
        foreach (var c in part) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-');
        return safe.Length > 64 ? safe.ToString(0, 64) : safe.ToString();
    }
}
