namespace Hindsight.Reports;

/// <summary>A report cannot be made from this warehouse; the message says what to do.</summary>
public sealed class ReportException : Exception
{
    public ReportException() { }

    public ReportException(string message) : base(message) { }

    public ReportException(string message, Exception innerException) : base(message, innerException) { }
}
