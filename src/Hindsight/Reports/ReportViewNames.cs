namespace Hindsight.Reports;

/// <summary>
/// The names of the views on the command line and as the top-level JSON key (<c>daily</c>, <c>weekly</c>, ...),
/// which are ccusage's keys where ccusage has the view.
/// </summary>
public static class ReportViewNames
{
    public static IReadOnlyList<ReportView> All { get; } =
        [ReportView.Daily, ReportView.Weekly, ReportView.Monthly, ReportView.Session, ReportView.Project, ReportView.Model, ReportView.Agent];

    public static string Of(ReportView view) => view switch
    {
        ReportView.Daily => "daily",
        ReportView.Weekly => "weekly",
        ReportView.Monthly => "monthly",
        ReportView.Session => "session",
        ReportView.Project => "project",
        ReportView.Model => "model",
        ReportView.Agent => "agent",
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, "unknown report view"),
    };
}
