namespace Hindsight.Watch;

/// <summary>What <see cref="WatchSchedule.Next"/> decided: run a pass now, or wait (until a change, or the delay).</summary>
public readonly record struct WatchDecision(WatchPass? Pass, TimeSpan Delay)
{
    public static WatchDecision Run(WatchPass pass) => new(pass, TimeSpan.Zero);
    public static WatchDecision Wait(TimeSpan delay) => new(null, delay);
}
