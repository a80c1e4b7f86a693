namespace Hindsight.Warehouse;

/// <summary>Conversions of values read back from DuckDB, whose TIMESTAMPTZ comes back as DateTime or DateTimeOffset.</summary>
public static class DuckDbValues
{
    public static DateTimeOffset ToUtc(object value) => value switch
    {
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"expected a timestamp, got {value.GetType()}"),
    };

    public static DateTimeOffset? ToUtcOrNull(object? value) => value is null or DBNull ? null : ToUtc(value);
}
