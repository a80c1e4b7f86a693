namespace Hindsight.Reports;

/// <summary>How a usage report groups API calls into rows.</summary>
public enum ReportView
{
    /// <summary>One row per local date (ccusage `daily`).</summary>
    Daily,

    /// <summary>One row per week starting on Monday, named by that Monday's date (ccusage `weekly`).</summary>
    Weekly,

    /// <summary>One row per local month, <c>YYYY-MM</c> (ccusage `monthly`).</summary>
    Monthly,

    /// <summary>One row per session derived from the file path, the way ccusage's `session` does.</summary>
    Session,

    /// <summary>One row per project folder (no ccusage equivalent).</summary>
    Project,

    /// <summary>One row per model as reported (no ccusage equivalent).</summary>
    Model,
    /// <summary>One row per coding agent whose files the calls came from (claude_code, codex, ...; no ccusage equivalent).</summary>
    Agent,
}
