namespace Hindsight.Correction.Providers.Limits;

/// <summary>
/// A provider's answer went past a per-request cap (its size on the wire, its size once decompressed, or its time);
/// reading stopped there. An <see cref="IOException"/>, so the HTTP stack treats it as a broken body; the caller finds
/// it in the exception chain with <see cref="Find"/> and reports its message as the call's error.
/// </summary>
public sealed class ResponseLimitExceededException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ResponseLimitExceededException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResponseLimitExceededException() : this("the provider's answer went past a limit")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ResponseLimitExceededException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>True when the time limit was passed; otherwise a size limit was.</summary>
    public bool TimedOut { get; init; }

    /// <summary>This exception anywhere in <paramref name="exception"/>'s chain of causes, or null.</summary>
    public static ResponseLimitExceededException? Find(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++, exception = exception.InnerException)
        {
            if (exception is ResponseLimitExceededException limit) return limit;
            if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate && Find(aggregate.InnerExceptions[0]) is { } inner) return inner;
        }

        return null;
    }
}
