namespace Hindsight.Correction.Providers;

/// <summary>The provider asked for cannot be used as configured; the message says what to do. It never holds a key.</summary>
public sealed class ProviderConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProviderConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public ProviderConfigurationException() : base("the provider is not configured")
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public ProviderConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
