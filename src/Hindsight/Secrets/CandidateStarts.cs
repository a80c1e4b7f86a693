using System.Buffers;

namespace Hindsight.Secrets;

/// <summary>
/// The positions of one text where an anchored rule's match may start (see <see cref="KeywordAnchor"/>), collected while
/// the prefilter walks the keyword occurrences, then read rule by rule in ascending order. Pooled: one per text, and
/// bounded: a text with more starts than <see cref="MaxStarts"/> (megabytes of "key" and "token") overflows, and every
/// rule then reads it whole, as without anchors, rather than memory growing with the text.
/// </summary>
internal sealed class CandidateStarts : IDisposable
{
    /// <summary>At most this many starts are kept (8 MiB).</summary>
    internal const int MaxStarts = 1 << 20;

    private long[] _entries = ArrayPool<long>.Shared.Rent(256);
    private int _count;
    private int _read;

    /// <summary>True when the text had more starts than are kept: the detector must not use them.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Notes that rule <paramref name="rule"/> may match at <paramref name="start"/>.</summary>
    public void Add(int rule, int start)
    {
        if (Overflowed) return;
        if (_count == MaxStarts)
        {
            Overflowed = true;
            return;
        }

        if (_count == _entries.Length)
        {
            var larger = ArrayPool<long>.Shared.Rent(_entries.Length * 2);
            _entries.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<long>.Shared.Return(_entries);
            _entries = larger;
        }

        _entries[_count++] = ((long)rule << 32) | (uint)start;
    }

    /// <summary>Orders the starts by rule, then position; call once, after the last <see cref="Add"/>.</summary>
    public void Seal() => _entries.AsSpan(0, _count).Sort();

    /// <summary>The next start of <paramref name="rule"/> (rules read in ascending order), or false when it has no more.</summary>
    public bool TryNext(int rule, out int start)
    {
        while (_read < _count && (int)(_entries[_read] >> 32) < rule) _read++;
        if (_read < _count && (int)(_entries[_read] >> 32) == rule)
        {
            start = (int)(uint)_entries[_read++];
            return true;
        }

        start = 0;
        return false;
    }

    /// <summary>How many starts <paramref name="rule"/> has left.</summary>
    public int CountFor(int rule)
    {
        while (_read < _count && (int)(_entries[_read] >> 32) < rule) _read++;
        var end = _read;
        while (end < _count && (int)(_entries[end] >> 32) == rule) end++;
        return end - _read;
    }

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(_entries);
        _entries = [];
        _count = _read = 0;
    }
}
