namespace Hindsight.Correction.Protection;

/// <summary>
/// Protection left something that still looks like a secret in the text meant for a provider. The text must not
/// be sent; the message never contains the secret itself.
/// </summary>
public sealed class SecretExposureException : Exception
{
    /// <summary>Creates the exception with a reason that names only the pattern.</summary>
    public SecretExposureException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception without a reason.</summary>
    public SecretExposureException() : base("a detected secret would have been sent")
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public SecretExposureException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
