namespace Hindsight.Stages;

/// <summary>Progress that goes nowhere, for library callers and tests.</summary>
public sealed class SilentProgress : IPipelineProgress, IStageProgress
{
    public static SilentProgress Instance { get; } = new();
    public IStageProgress BeginStage(int number, string name, long? total, string unit) => this;
    public void Advance(long amount) { }
    public void Note(string message) { }
    public void Dispose() { }
}
