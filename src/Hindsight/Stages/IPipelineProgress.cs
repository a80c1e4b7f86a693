namespace Hindsight.Stages;

/// <summary>Where stages report progress; the command line shows it as bars or plain lines.</summary>
public interface IPipelineProgress
{
    IStageProgress BeginStage(int number, string name, long? total, string unit);
}

public interface IStageProgress : IDisposable
{
    void Advance(long amount);
    void Note(string message);
}
