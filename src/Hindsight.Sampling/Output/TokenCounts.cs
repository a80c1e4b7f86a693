namespace Hindsight.Sampling;

/// <summary>Mutable token sums used while generating; frozen into <see cref="ModelTokenTotals"/> for the summary.</summary>
internal sealed class TokenCounts
{
    public long Messages { get; set; }
    public long Input { get; set; }
    public long Output { get; set; }
    public long CacheCreation { get; set; }
    public long CacheRead { get; set; }
    public long CacheCreation5m { get; set; }
    public long CacheCreation1h { get; set; }

    public void Add(in UsageNumbers usage)
    {
        Messages++;
        Input += usage.Input;
        Output += usage.Output;
        CacheCreation += usage.CacheCreation;
        CacheRead += usage.CacheRead;
        CacheCreation5m += usage.CacheCreation5m;
        CacheCreation1h += usage.CacheCreation1h;
    }

    public void Add(TokenCounts other)
    {
        Messages += other.Messages;
        Input += other.Input;
        Output += other.Output;
        CacheCreation += other.CacheCreation;
        CacheRead += other.CacheRead;
        CacheCreation5m += other.CacheCreation5m;
        CacheCreation1h += other.CacheCreation1h;
    }

    public ModelTokenTotals Freeze() =>
        new(Messages, Input, Output, CacheCreation, CacheRead, CacheCreation5m, CacheCreation1h);
}
