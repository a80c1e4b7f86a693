using System.Text;

namespace Hindsight.Simulator;

/// <summary>The simulator's tokenizer stand-in: one token per started group of four UTF-8 bytes.</summary>
internal static class TokenCount
{
    public static long OfBytes(long utf8Bytes) => (utf8Bytes + 3) / 4;

    public static long Of(string text) => OfBytes(Encoding.UTF8.GetByteCount(text));
}
