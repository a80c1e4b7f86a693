using System.Globalization;
using System.Text.Json.Nodes;
using Hindsight.Sources;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Stage 0's decision, judged on lines rather than on files: NO-GO only when the input is clearly not transcripts
/// (no files, no records, or more than half of all lines unreadable); CAUTION when more than 5% of lines are
/// unreadable or some file yields no record at all; otherwise GO. A corpus whose every file starts with one foreign
/// header line (an archiving tool's <c>{"_type":"…-meta"}</c>) is therefore GO or CAUTION, never NO-GO. The
/// rule that decided is named (<see cref="Rule"/>) so the manifest can say why.
/// </summary>
public sealed record GoNoGoDecision(GoNoGoVerdict Verdict, string Rule, string Text, IReadOnlyList<string> Recommendations)
{
    /// <summary>More than this share of unreadable lines is NO-GO.</summary>
    public const double NoGoUnreadableShare = 0.50;
    /// <summary>More than this share of unreadable lines is CAUTION.</summary>
    public const double CautionUnreadableShare = 0.05;
    /// <summary>Offending files named in the recommendations; the manifest lists every file with its errors.</summary>
    public const int OffendersNamed = 10;

    public bool Halts => Verdict == GoNoGoVerdict.NoGo;

    public long TranscriptFiles { get; init; }
    public long Records { get; init; }
    public long UnreadableLines { get; init; }
    public long FilesWithoutRecord { get; init; }
    public long FilesWithUnreadableLines { get; init; }
    /// <summary>Unreadable lines over all complete, non-blank lines (records plus unreadable lines).</summary>
    public double UnreadableShare => Records + UnreadableLines == 0 ? 0 : (double)UnreadableLines / (Records + UnreadableLines);
    /// <summary>The worst files, "path: what is wrong", at most <see cref="OffendersNamed"/>.</summary>
    public IReadOnlyList<string> Offenders { get; init; } = [];

    public static GoNoGoDecision Decide(IReadOnlyCollection<FileReadability> files, IReadOnlyDictionary<string, long> recordTypes)
    {
        long records = files.Sum(f => f.Records);
        long unreadable = files.Sum(f => f.UnreadableLines);
        var withoutRecord = files.Where(f => f.YieldsNoRecord).ToList();
        var offenders = files.Where(f => f.UnreadableLines > 0 || f.YieldsNoRecord)
            .OrderByDescending(f => f.YieldsNoRecord).ThenByDescending(f => f.UnreadableLines).ThenBy(f => f.Path, StringComparer.Ordinal)
            .Select(Describe).ToList();
        var shell = new GoNoGoDecision(GoNoGoVerdict.Go, "", "", [])
        {
            TranscriptFiles = files.Count,
            Records = records,
            UnreadableLines = unreadable,
            FilesWithoutRecord = withoutRecord.Count,
            FilesWithUnreadableLines = files.Count(f => f.UnreadableLines > 0),
            Offenders = offenders.Take(OffendersNamed).ToList(),
        };
        double share = shell.UnreadableShare;
        string sharePercent = (share * 100).ToString("F1", CultureInfo.InvariantCulture);

        var recommendations = new List<string>();
        if (files.Count == 0) recommendations.Add("CRITICAL: No JSONL files found. Check source directory.");
        if (files.Count > 0 && records == 0) recommendations.Add("CRITICAL: No messages found in the transcript files.");
        if (share > CautionUnreadableShare)
            recommendations.Add($"WARNING: {sharePercent}% of lines ({N(unreadable)} of {N(records + unreadable)}) are unreadable, in {N(shell.FilesWithUnreadableLines)} files. Review data quality.");
        if (withoutRecord.Count > 0) recommendations.Add($"WARNING: {N(withoutRecord.Count)} files yield no record at all.");
        // Each agent's own expected record types ('user' and 'assistant' are Claude Code's; Codex writes response_item and
        // event_msg lines), checked only when that agent's files hold records: a Codex corpus is not warned about lacking them.
        var expected = TranscriptSources.All
            .Where(source => files.Any(f => f.Agent == source.Agent && f.Records > 0))
            .SelectMany(source => source.ExpectedRecordTypes)
            .Distinct(StringComparer.Ordinal);
        foreach (var type in expected)
        {
            if (!recordTypes.ContainsKey(type)) recommendations.Add($"WARNING: No '{type}' message type found. Check export format.");
        }

        GoNoGoDecision Decided(GoNoGoVerdict verdict, string rule, string text)
        {
            var all = new List<string>(recommendations);
            if (verdict != GoNoGoVerdict.Go && shell.Offenders.Count > 0)
            {
                all.Add("Files with unreadable lines or no record:");
                all.AddRange(shell.Offenders.Select(o => "  " + o));
                if (offenders.Count > shell.Offenders.Count) all.Add($"  and {N(offenders.Count - shell.Offenders.Count)} more (see the manifest)");
            }
            if (verdict == GoNoGoVerdict.NoGo && files.Count > 0)
                all.Add("If these are transcripts after all, run again with --force to ingest every readable line; otherwise check --source.");
            if (all.Count == 0) all.Add("OK: Data appears well-formed and ready for processing.");
            return shell with { Verdict = verdict, Rule = rule, Text = text, Recommendations = all };
        }

        if (files.Count == 0) return Decided(GoNoGoVerdict.NoGo, "no_files", "NO-GO: No source files");
        if (records == 0) return Decided(GoNoGoVerdict.NoGo, "no_records", "NO-GO: No messages found");
        if (share > NoGoUnreadableShare) return Decided(GoNoGoVerdict.NoGo, "most_lines_unreadable", $"NO-GO: {sharePercent}% of lines are unreadable (more than 50%)");
        if (share > CautionUnreadableShare) return Decided(GoNoGoVerdict.Caution, "some_lines_unreadable", $"CAUTION: {sharePercent}% of lines are unreadable (more than 5%), review before proceeding");
        if (withoutRecord.Count > 0) return Decided(GoNoGoVerdict.Caution, "files_without_records", $"CAUTION: {N(withoutRecord.Count)} files yield no record, review before proceeding");
        return Decided(GoNoGoVerdict.Go, "readable", "GO: Data ready for processing");
    }

    /// <summary>The figures the rule was applied to, for the manifest and the stage's metrics.</summary>
    public JsonObject Basis() => new()
    {
        ["transcript_files"] = TranscriptFiles,
        ["records"] = Records,
        ["unreadable_lines"] = UnreadableLines,
        ["unreadable_share"] = Math.Round(UnreadableShare, 4),
        ["files_with_unreadable_lines"] = FilesWithUnreadableLines,
        ["files_without_record"] = FilesWithoutRecord,
        ["thresholds"] = new JsonObject
        {
            ["no_go_unreadable_share"] = NoGoUnreadableShare,
            ["caution_unreadable_share"] = CautionUnreadableShare,
        },
        ["offending_files"] = new JsonArray(Offenders.Select(o => (JsonNode?)o).ToArray()),
    };

    private static string Describe(FileReadability file)
    {
        if (file.Error is not null) return $"{file.Path}: could not be read ({file.Error})";
        var total = file.Records + file.UnreadableLines;
        var reason = file.MainReason is null ? "" : $", mostly {file.MainReason}";
        return $"{file.Path}: {N(file.UnreadableLines)} of {N(total)} lines unreadable{reason}";
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
