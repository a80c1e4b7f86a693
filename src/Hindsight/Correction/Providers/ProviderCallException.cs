namespace Hindsight.Correction.Providers;

/// <summary>
/// A failed call to the provider, classified. Its message is redacted (it never holds the key) and it carries no
/// inner exception, because the transport's exceptions may quote request details.
/// </summary>
public sealed class ProviderCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProviderCallException(ProviderFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception of kind <see cref="ProviderFailureKind.Network"/>.</summary>
    public ProviderCallException() : this(ProviderFailureKind.Network, "the provider call failed")
    {
    }

    /// <summary>Creates an exception of kind <see cref="ProviderFailureKind.Network"/>.</summary>
    public ProviderCallException(string message) : this(ProviderFailureKind.Network, message)
    {
    }

    /// <summary>Not supported: provider exceptions never wrap a cause, so that nothing unredacted travels with them.</summary>
    public ProviderCallException(string message, Exception innerException) : this(ProviderFailureKind.Network, message)
    {
        ArgumentNullException.ThrowIfNull(innerException);
    }

    /// <summary>What failed.</summary>
    public ProviderFailureKind Kind { get; }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the same request may succeed if retried.</summary>
    public bool IsTransient => Kind is ProviderFailureKind.RateLimited or ProviderFailureKind.Timeout
        or ProviderFailureKind.ServerError or ProviderFailureKind.Network;

    /// <summary>
    /// True when the provider itself failed (as opposed to this batch's content); counts toward the circuit breaker.
    /// An answer that cannot be read (an HTML page, a body over the size cap) counts too: a provider that answers
    /// nothing usable must stop the run like one that fails.
    /// </summary>
    public bool IsProviderFailure => IsTransient || Kind is ProviderFailureKind.Unauthorized or ProviderFailureKind.InvalidResponse;
}
