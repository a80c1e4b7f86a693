namespace Hindsight.Correction.Providers;

/// <summary>
/// An API key that cannot be printed by accident: <see cref="ToString"/> and the record-style debugger view show
/// a redaction, and only the HTTP client factory reads the value. Redact error messages with <see cref="Redact"/>.
/// </summary>
public sealed class ApiKey
{
    private const string Redaction = "[redacted]";
    private readonly string _value;

    /// <summary>Wraps <paramref name="value"/> (surrounding whitespace removed).</summary>
    public ApiKey(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.Trim();
    }

    /// <summary>Returns a redaction, never the key.</summary>
    public override string ToString() => Redaction;

    /// <summary>Removes every occurrence of the key from <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(_value, Redaction, StringComparison.Ordinal);
    }

    internal string Reveal() => _value;
}
