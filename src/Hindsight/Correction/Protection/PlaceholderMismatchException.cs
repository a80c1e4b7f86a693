namespace Hindsight.Correction.Protection;

/// <summary>A correction cannot be restored because its placeholders are not exactly those that were sent.</summary>
public sealed class PlaceholderMismatchException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public PlaceholderMismatchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception without a reason.</summary>
    public PlaceholderMismatchException() : base("placeholders do not match")
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public PlaceholderMismatchException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
