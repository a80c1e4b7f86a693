namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Sees every byte of the complete lines a reader consumes, in file order (BOM, line ends and blank lines
/// included, a partial tail excluded), so a caller can fingerprint exactly the ingested range in the same pass.
/// </summary>
public delegate void ConsumedBytesObserver(ReadOnlySpan<byte> bytes);
