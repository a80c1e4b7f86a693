namespace Hindsight.Sources;

/// <summary>
/// When a document that does not parse is retried rather than kept as a dead letter (issue 14's decision): an agent
/// rewrites a live session's document in place, so one modified in the last 10 minutes is probably being written and
/// is read again on the next run; an older one is broken for good.
/// </summary>
public static class DocumentRetry
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromMinutes(10);

    public static bool IsProbablyBeingWritten(DateTimeOffset modifiedUtc, DateTimeOffset now) => now - modifiedUtc < RecentWindow;
}
