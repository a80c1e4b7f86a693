namespace Hindsight.Stages.Discover;

/// <summary>Stage 0's verdict on the input (<see cref="GoNoGoDecision"/>); only NO-GO halts the run.</summary>
public enum GoNoGoVerdict
{
    Go,
    Caution,
    NoGo,
}
