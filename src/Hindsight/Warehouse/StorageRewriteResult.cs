namespace Hindsight.Warehouse;

/// <summary>What a storage rewrite did: the versions, the sizes before and after, and how many tables were verified.</summary>
public sealed record StorageRewriteResult(string Path, string FromVersion, string ToVersion, long BytesBefore, long BytesAfter, int TablesVerified, long RowsVerified)
{
    /// <summary>The one line a command prints about it.</summary>
    public string Summary =>
        $"Upgraded the warehouse {Path} from DuckDB storage {FromVersion} to {ToVersion} (raw archive compressed): "
        + $"{Megabytes(BytesBefore)} -> {Megabytes(BytesAfter)}, {TablesVerified} tables and {RowsVerified:N0} rows copied and verified.";

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MB";
}
