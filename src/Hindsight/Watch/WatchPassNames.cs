namespace Hindsight.Watch;

/// <summary>The lower-case names the passes are shown and recorded with.</summary>
public static class WatchPassNames
{
    public static string ToName(this WatchPass pass) => pass switch
    {
        WatchPass.Start => "start",
        WatchPass.Change => "change",
        WatchPass.Rescan => "rescan",
        WatchPass.Correct => "correct",
        _ => throw new ArgumentOutOfRangeException(nameof(pass), pass, null),
    };
}
