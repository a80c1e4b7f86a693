using System.Buffers;

namespace Hindsight.Sampling;

/// <summary>A reusable char buffer for large generated strings, so bulky payloads never become strings at all.</summary>
internal sealed class TextBuilder : IDisposable
{
    private char[] _chars = ArrayPool<char>.Shared.Rent(64 * 1024);

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public TextBuilder Clear()
    {
        Length = 0;
        return this;
    }

    public TextBuilder Append(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
        return this;
    }

    public TextBuilder Append(char c)
    {
        Ensure(1);
        _chars[Length++] = c;
        return this;
    }

    public TextBuilder Append(int value)
    {
        Ensure(11);
        value.TryFormat(_chars.AsSpan(Length), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
        return this;
    }

    public TextBuilder PadLeft(int value, int width)
    {
        var digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : value < 100000 ? 5 : 6;
        for (var i = digits; i < width; i++)
        {
            Append(' ');
        }
        return Append(value);
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_chars);
        _chars = [];
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _chars.Length)
        {
            return;
        }
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(Length + extra, _chars.Length * 2));
        _chars.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = bigger;
    }
}
