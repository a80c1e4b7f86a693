namespace Hindsight.Warehouse;

/// <summary>
/// Stored names of a closed type (from its one mapping, e.g. <c>MessageKindNames</c>) as a SQL list for <c>IN (...)</c>.
/// Each name must be a plain word, so no quote or other SQL can reach the statement through it.
/// </summary>
public static class SqlNameList
{
    public static string Of(IEnumerable<string> storedNames) => string.Join(", ", storedNames.Select(Quoted));

    private static string Quoted(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? $"'{name}'"
            : throw new ArgumentException($"'{name}' is not a plain stored name", nameof(name));
}
