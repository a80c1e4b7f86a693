namespace Hindsight.Destinations;

/// <summary>
/// A warehouse table (or view) as a destination receives it: its name, and the SQL expression (over the alias
/// <c>t</c>) that gives each row's event day, the UTC date destinations partition by; <c>null</c> for a table that is
/// small and has no event date, which is sent whole. <see cref="Raw"/> marks the raw archive, sent only when asked for.
/// </summary>
public sealed record DestinationTable(string Name, string? EventDay, bool Raw = false)
{
    public bool IsPartitioned => EventDay is not null;
}
