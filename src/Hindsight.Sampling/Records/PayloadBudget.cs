namespace Hindsight.Sampling;

/// <summary>
/// Sizes the bulky payloads of one conversation (tool results, images, written files) so that the file lands near
/// its planned bytes for its planned lines. Small lines (envelopes, text, metadata) are left as they come; the
/// budget spreads what is left over the bulky lines, with log-normal jitter so sizes still look like real data.
/// Only content counters are read, so a replay of the same conversation sizes everything the same way.
/// </summary>
internal sealed class PayloadBudget
{
    private const double DefaultSmallLineBytes = 900;
    private const double DefaultBulkyShare = 0.25;

    private readonly TranscriptBuffer _out;
    private readonly long _targetBytes;
    private readonly long _targetLines;
    private readonly long _startLines;
    private readonly long _startBytes;
    private long _bulkyLines;
    private long _bulkyBytes;

    public PayloadBudget(TranscriptBuffer output, long targetBytes, long targetLines)
    {
        _out = output;
        _targetBytes = targetBytes;
        _targetLines = Math.Max(1, targetLines);
        _startLines = output.ContentLines;
        _startBytes = output.ContentBytes;
    }

    public long LinesWritten => _out.ContentLines - _startLines;

    public long RemainingLines => _targetLines - LinesWritten;

    /// <summary>Bytes for the next bulky payload; <paramref name="naturalMedian"/> is its size without a target.</summary>
    public int Next(DeterministicRandom random, double naturalMedian, int min, int max)
    {
        if (_targetBytes <= 0)
        {
            return (int)Math.Clamp(random.LogNormal(naturalMedian, 1.0), min, max);
        }
        var lines = LinesWritten;
        var bytes = _out.ContentBytes - _startBytes;
        var smallLines = lines - _bulkyLines;
        var smallLineBytes = smallLines > 10 ? (double)(bytes - _bulkyBytes) / smallLines : DefaultSmallLineBytes;
        var bulkyShare = lines > 30 ? Math.Max(0.08, (double)_bulkyLines / lines) : DefaultBulkyShare;
        var remainingLines = Math.Max(_targetLines - lines, Math.Max(4, _targetLines / 25));
        var perLine = (double)(_targetBytes - bytes) / remainingLines;
        var perBulky = (perLine - smallLineBytes * (1 - bulkyShare)) / bulkyShare;
        var wanted = Math.Max(min, perBulky) * random.MeanOneJitter(0.8);
        return (int)Math.Clamp(wanted, min, max);
    }

    /// <summary>Tells the budget how big a bulky line came out, so the small-line average stays honest.</summary>
    public void RecordBulkyLine(int bytes)
    {
        _bulkyLines++;
        _bulkyBytes += bytes;
    }
}
