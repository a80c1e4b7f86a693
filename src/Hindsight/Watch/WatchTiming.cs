namespace Hindsight.Watch;

/// <summary>The intervals `hindsight watch` works to (its --debounce, --rescan-every and --correct-every).</summary>
public sealed record WatchTiming
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultRescanEvery = TimeSpan.FromMinutes(5);

    /// <summary>How long the files must be quiet after a change before it is ingested.</summary>
    public TimeSpan Debounce { get; init; } = DefaultDebounce;
    /// <summary>The longest time without an ingest pass: the fallback for events the file-system watcher dropped.</summary>
    public TimeSpan RescanEvery { get; init; } = DefaultRescanEvery;
    /// <summary>How often stage 4 runs; null: never (the default, since it sends prompts to a provider).</summary>
    public TimeSpan? CorrectEvery { get; init; }
}
