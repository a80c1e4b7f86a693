namespace Hindsight.Sampling;

/// <summary>What every file generator shares read-only: the prompt composer and a block of base64 to cut images and signatures from.</summary>
internal sealed class GenerationContext
{
    private const int BlobLength = 3 * 1024 * 1024;

    public GenerationContext(TypoTable typos)
    {
        Prompts = new PromptComposer(typos);
        // A fixed seed: the blob is the same for every corpus, only where images are cut from it varies.
        var random = new DeterministicRandom(0x42415345_3634UL);
        var bytes = new byte[BlobLength / 4 * 3];
        for (var i = 0; i < bytes.Length; i += 8)
        {
            var value = random.NextUInt64();
            for (var j = 0; j < 8 && i + j < bytes.Length; j++)
            {
                bytes[i + j] = (byte)(value >> (8 * j));
            }
        }
        Base64Blob = Convert.ToBase64String(bytes);
    }

    public PromptComposer Prompts { get; }

    public string Base64Blob { get; }

    /// <summary>Base64 of a PNG of about <paramref name="length"/> characters: the PNG signature, then blob.</summary>
    public ReadOnlySpan<char> Png(DeterministicRandom random, int length, TextBuilder into) =>
        into.Clear().Append("iVBORw0KGgoAAAANSUhEUgAA").Append(Base64(random, length)).Span;

    /// <summary>A slice of base64 text of the given length, starting somewhere random.</summary>
    public ReadOnlySpan<char> Base64(DeterministicRandom random, int length)
    {
        length = Math.Clamp(length, 4, Base64Blob.Length);
        var start = random.Next(Base64Blob.Length - length + 1) & ~3;
        return Base64Blob.AsSpan(start, length & ~3);
    }
}
