namespace Hindsight.Pricing;

/// <summary>A price table (the shipped one or a user's override file) that cannot be read; the message says where and why.</summary>
public sealed class PriceTableException : Exception
{
    public PriceTableException()
    {
    }

    public PriceTableException(string message)
        : base(message)
    {
    }

    public PriceTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
