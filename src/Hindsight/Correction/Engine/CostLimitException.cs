namespace Hindsight.Correction.Engine;

/// <summary>Thrown inside the retry loop when the cost budget refuses a call.</summary>
internal sealed class CostLimitException : Exception
{
    public CostLimitException() : base("cost limit reached")
    {
    }

    public CostLimitException(string message) : base(message)
    {
    }

    public CostLimitException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
