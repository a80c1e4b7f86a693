namespace Hindsight.Stages.Identify;

/// <summary>The identity gate refused this run's ids; the stage fails and nothing of it is committed.</summary>
public sealed class IdentityGateException(IdentityGateReport report) : Exception(report.Describe())
{
    public IdentityGateReport Report { get; } = report;
}
