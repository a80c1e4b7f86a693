namespace Hindsight.Watch;

/// <summary>
/// When `hindsight watch` runs a pass: the pure rules, over a <see cref="TimeProvider"/>'s clock. A change starts an
/// ingest once the files have been quiet for the debounce, or at the latest <see cref="MaxDebounceFactor"/> debounces
/// after the first unhandled change (a session that writes a line every second would otherwise never be quiet); a
/// rescan ingests anyway when no pass ran for the rescan interval (file-system events get dropped); a correction pass
/// runs every correction interval, never because of a change, and waits while an ingest is due.
/// </summary>
public sealed class WatchSchedule
{
    /// <summary>How many debounces a continuous stream of changes may hold an ingest back.</summary>
    public const int MaxDebounceFactor = 10;

    private readonly TimeProvider _time;
    private readonly WatchTiming _timing;
    private DateTimeOffset? _firstChange;
    private DateTimeOffset? _lastChange;
    private DateTimeOffset _lastIngest;
    private DateTimeOffset _lastCorrection;
    private bool _startPending = true;

    public WatchSchedule(TimeProvider time, WatchTiming timing)
    {
        _time = time;
        _timing = timing;
        _lastIngest = _lastCorrection = time.GetUtcNow();
    }

    /// <summary>A file under a watched folder changed (or the watcher lost events, which may hide a change).</summary>
    public void Changed()
    {
        var now = _time.GetUtcNow();
        _firstChange ??= now;
        _lastChange = now;
    }

    /// <summary>What is due now, or how long until something may be.</summary>
    public WatchDecision Next()
    {
        var now = _time.GetUtcNow();
        if (_startPending) return WatchDecision.Run(WatchPass.Start);
        var waits = new List<TimeSpan>();
        if (_firstChange is { } first && _lastChange is { } last)
        {
            var quietAt = last + _timing.Debounce;
            var latestAt = first + _timing.Debounce * MaxDebounceFactor;
            var dueAt = quietAt < latestAt ? quietAt : latestAt;
            if (now >= dueAt) return WatchDecision.Run(WatchPass.Change);
            waits.Add(dueAt - now);
        }
        var rescanAt = _lastIngest + _timing.RescanEvery;
        if (now >= rescanAt) return WatchDecision.Run(WatchPass.Rescan);
        waits.Add(rescanAt - now);
        if (_timing.CorrectEvery is { } every)
        {
            // An ingest waiting out its debounce goes first: the correction then sees its prompts.
            var correctAt = _lastCorrection + every;
            if (now >= correctAt && _firstChange is null) return WatchDecision.Run(WatchPass.Correct);
            if (now < correctAt) waits.Add(correctAt - now);
        }
        return WatchDecision.Wait(waits.Min());
    }

    /// <summary>
    /// An ingest pass is starting: the changes seen so far are its to read (a change during the pass starts another,
    /// since the pass may have read the file before it).
    /// </summary>
    public void IngestStarted()
    {
        _startPending = false;
        _firstChange = _lastChange = null;
    }

    /// <summary>An ingest pass ended (however it ended): the rescan interval counts from here.</summary>
    public void IngestFinished() => _lastIngest = _time.GetUtcNow();

    /// <summary>A correction pass ended: the next is one interval from here.</summary>
    public void CorrectionFinished() => _lastCorrection = _time.GetUtcNow();
}
