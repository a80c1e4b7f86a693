namespace Hindsight.Correction.Engine;

/// <summary>Thrown inside the retry loop once the circuit breaker has opened.</summary>
internal sealed class CircuitOpenException : Exception
{
    public CircuitOpenException() : base("circuit open")
    {
    }

    public CircuitOpenException(string message) : base(message)
    {
    }

    public CircuitOpenException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
