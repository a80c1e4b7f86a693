using Hindsight.Watch;
using Microsoft.Extensions.Time.Testing;

namespace Hindsight.Tests.Watch;

public sealed class WatchScheduleTests
{
    private static readonly WatchTiming Timing = new()
    {
        Debounce = TimeSpan.FromSeconds(1),
        RescanEvery = TimeSpan.FromMinutes(5),
        CorrectEvery = TimeSpan.FromMinutes(10),
    };

    /// <summary>A schedule past its start pass, at the fake clock's time.</summary>
    private static WatchSchedule Started(FakeTimeProvider time, WatchTiming? timing = null)
    {
        var schedule = new WatchSchedule(time, timing ?? Timing);
        Assert.Equal(WatchPass.Start, schedule.Next().Pass);
        schedule.IngestStarted();
        schedule.IngestFinished();
        return schedule;
    }

    [Fact]
    public void The_first_pass_is_an_ingest_at_once()
    {
        var schedule = new WatchSchedule(new FakeTimeProvider(), Timing);

        Assert.Equal(WatchDecision.Run(WatchPass.Start), schedule.Next());
    }

    [Fact]
    public void A_change_is_ingested_once_the_files_have_been_quiet_for_the_debounce()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time);

        schedule.Changed();
        time.Advance(TimeSpan.FromMilliseconds(600));
        var early = schedule.Next();
        time.Advance(TimeSpan.FromMilliseconds(400));
        var due = schedule.Next();

        Assert.Equal(WatchDecision.Wait(TimeSpan.FromMilliseconds(400)), early);
        Assert.Equal(WatchPass.Change, due.Pass);
    }

    [Fact]
    public void Each_new_change_restarts_the_debounce()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time);

        schedule.Changed();
        time.Advance(TimeSpan.FromMilliseconds(900));
        schedule.Changed();
        time.Advance(TimeSpan.FromMilliseconds(900));

        Assert.Equal(WatchDecision.Wait(TimeSpan.FromMilliseconds(100)), schedule.Next());
    }

    [Fact]
    public void A_stream_of_changes_that_is_never_quiet_is_ingested_after_ten_debounces()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time);
        var decisions = new List<WatchPass?>();

        for (int i = 0; i < 12; i++)
        {
            schedule.Changed();
            time.Advance(TimeSpan.FromMilliseconds(999));
            decisions.Add(schedule.Next().Pass);
        }

        // The first look 10 s or more after the first change (the eleventh, at 10.99 s) finds the pass due.
        Assert.Equal(10, decisions.IndexOf(WatchPass.Change));
        Assert.All(decisions.Take(10), d => Assert.Null(d));
    }

    [Fact]
    public void Without_any_change_a_rescan_ingests_after_the_rescan_interval()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time, Timing with { CorrectEvery = null });

        var waiting = schedule.Next();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(WatchDecision.Wait(TimeSpan.FromMinutes(5)), waiting);
        Assert.Equal(WatchPass.Rescan, schedule.Next().Pass);
    }

    [Fact]
    public void The_rescan_interval_counts_from_the_end_of_the_last_ingest_whatever_started_it()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time, Timing with { CorrectEvery = null });

        time.Advance(TimeSpan.FromMinutes(4));
        schedule.Changed();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(WatchPass.Change, schedule.Next().Pass);
        schedule.IngestStarted();
        time.Advance(TimeSpan.FromSeconds(2));
        schedule.IngestFinished();

        Assert.Equal(WatchDecision.Wait(TimeSpan.FromMinutes(5)), schedule.Next());
    }

    [Fact]
    public void Stage_4_runs_on_its_own_interval_and_never_because_of_a_change()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time, Timing with { RescanEvery = TimeSpan.FromHours(1) });

        schedule.Changed();
        time.Advance(TimeSpan.FromSeconds(1));
        var afterChange = schedule.Next().Pass;
        schedule.IngestStarted();
        schedule.IngestFinished();
        // The interval counts from the start, a second before the change's ingest.
        time.Advance(TimeSpan.FromMinutes(9));
        var before = schedule.Next();
        time.Advance(TimeSpan.FromSeconds(59));
        var due = schedule.Next().Pass;
        schedule.CorrectionFinished();
        var after = schedule.Next();

        Assert.Equal(WatchPass.Change, afterChange);
        Assert.Equal(WatchDecision.Wait(TimeSpan.FromSeconds(59)), before);
        Assert.Equal(WatchPass.Correct, due);
        Assert.Equal(WatchDecision.Wait(TimeSpan.FromMinutes(10)), after);
    }

    [Fact]
    public void A_due_correction_waits_for_an_ingest_whose_debounce_is_running()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time, Timing with { RescanEvery = TimeSpan.FromHours(1) });

        time.Advance(TimeSpan.FromMinutes(10));
        schedule.Changed();
        var waiting = schedule.Next();
        time.Advance(TimeSpan.FromSeconds(1));
        var ingest = schedule.Next().Pass;
        schedule.IngestStarted();
        schedule.IngestFinished();

        Assert.Equal(WatchDecision.Wait(TimeSpan.FromSeconds(1)), waiting);
        Assert.Equal(WatchPass.Change, ingest);
        Assert.Equal(WatchPass.Correct, schedule.Next().Pass);
    }

    [Fact]
    public void Without_a_correction_interval_stage_4_never_runs()
    {
        var time = new FakeTimeProvider();
        var schedule = Started(time, Timing with { CorrectEvery = null, RescanEvery = TimeSpan.FromDays(2) });

        time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(WatchDecision.Wait(TimeSpan.FromDays(1)), schedule.Next());
    }
}
