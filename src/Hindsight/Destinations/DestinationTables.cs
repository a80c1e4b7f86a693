namespace Hindsight.Destinations;

/// <summary>
/// The one list of tables the destinations (Parquet export, BigQuery) send, with each one's event day. Columns are not
/// listed: they are read from the warehouse when a table is sent, so a column a later release adds flows through.
/// </summary>
public static class DestinationTables
{
    /// <summary>The UTC date of a TIMESTAMPTZ column of <c>t</c>.</summary>
    private static string UtcDay(string column) => "CAST(timezone('UTC', t." + column + ") AS DATE)";

    /// <summary>The <c>runs.command</c> of a publish (left out of the <c>runs</c> destinations receive).</summary>
    public const string PublishRunCommand = "publish bigquery";

    public static IReadOnlyList<DestinationTable> All { get; } =
    [
        // The view joins the content blocks twice over the whole corpus (out of memory at seed scale within 256 MB):
        // read per slice of files, through the table macro the view is made of.
        new("claude_code_stage_4", UtcDay("timestamp_utc"), Slice: """
            (SELECT * FROM claude_code_stage_4_content($files, first_line := $first_line, last_line := $last_line) WHERE fingerprint IS NOT NULL)
            """),
        new("messages", UtcDay("timestamp_utc")),
        new("api_calls", UtcDay("\"timestamp\"")),
        new("entities", null),
        new("corrections", null),
        // A line that is not a record has no timestamp of its own: the day its file was last written (the rule).
        new("dead_letters", "(SELECT CAST(timezone('UTC', f.mtime) AS DATE) FROM files f WHERE f.file_id = t.file_id)"),
        new("files", null),
        // A publish is a run too; its own row would change `runs` on every publish, so that nothing would ever be
        // unchanged: destinations receive the runs that made the data, and publish_loads says what was published.
        new("runs", null, Where: "command <> '" + PublishRunCommand + "'"),
        new("run_stages", null),
        new("records", UtcDay("\"timestamp\""), Raw: true),
        new("content_blocks", "(SELECT CAST(timezone('UTC', r.\"timestamp\") AS DATE) FROM records r WHERE r.file_id = t.file_id AND r.line_no = t.line_no)", Raw: true),
    ];

    public static IEnumerable<string> Names => All.Select(t => t.Name);

    /// <summary>
    /// The tables named (any of the list, raw ones included), or with none named every table that is not raw, and the
    /// raw ones too when <paramref name="includeRaw"/>. Null, with the unknown name, when a name is not in the list.
    /// </summary>
    public static IReadOnlyList<DestinationTable>? Select(IReadOnlyCollection<string> names, bool includeRaw, out string? unknown)
    {
        unknown = names.FirstOrDefault(n => All.All(t => t.Name != n));
        if (unknown is not null) return null;
        if (names.Count > 0) return All.Where(t => names.Contains(t.Name)).ToList();
        return All.Where(t => includeRaw || !t.Raw).ToList();
    }
}
