namespace Hindsight.Sampling;

/// <summary>
/// Composes the bulky texts that tool results, attachments and compaction summaries carry (source files with or
/// without the Read tool's numbering, command output, prose, grep matches, file listings, images) into reusable
/// buffers, so they never become strings. A returned buffer is valid until the next call that uses the same one.
/// </summary>
internal sealed class PayloadComposer(GenerationContext context, DeterministicRandom random) : IDisposable
{
    private readonly TextBuilder _scratch = new();
    private readonly TextBuilder _numbered = new();

    /// <summary>Base64 of a PNG of about <paramref name="length"/> characters.</summary>
    public ReadOnlySpan<char> Image(int length) => context.Png(random, length, _scratch);

    /// <summary>A source file of about <paramref name="characters"/>, in the language its extension names.</summary>
    public TextBuilder SourceFile(string path, int characters)
    {
        var raw = _scratch.Clear();
        BuildFile(path, characters, raw, null);
        return raw;
    }

    /// <summary>A source file as it is (<paramref name="raw"/>) and as the Read tool shows it (<paramref name="numbered"/>, "   n→"); returns its line count.</summary>
    public int NumberedSourceFile(string path, int characters, out TextBuilder raw, out TextBuilder numbered)
    {
        raw = _scratch.Clear();
        numbered = _numbered.Clear();
        return BuildFile(path, characters, raw, numbered);
    }

    /// <summary>A Write call's content: a source file, as a string, since the call keeps it until its result is written.</summary>
    public string FileContent(string path, int characters) => SourceFile(path, characters).Span.ToString();

    /// <summary>Lines from <paramref name="pool"/>, in order from a random start, until about <paramref name="characters"/>.</summary>
    public TextBuilder Lines(IReadOnlyList<string> pool, int characters)
    {
        var builder = _scratch.Clear();
        var start = random.Next(pool.Count);
        for (var i = 0; builder.Length < characters; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }
            builder.Append(pool[(start + i) % pool.Count]);
        }
        return builder;
    }

    /// <summary>Assistant sentences, now and then in paragraphs, after <paramref name="opening"/>, until about <paramref name="characters"/> in all.</summary>
    public TextBuilder Prose(int characters, string opening = "")
    {
        var builder = _scratch.Clear().Append(opening);
        while (builder.Length < characters)
        {
            builder.Append(random.Pick(TextPools.AssistantSentences)).Append(random.Chance(0.2) ? "\n\n" : " ");
        }
        return builder;
    }

    /// <summary>Grep's content mode: "file:line:  text" lines with the pattern, at least one, until about <paramref name="characters"/>.</summary>
    public TextBuilder GrepOutput(string pattern, int characters, out int count)
    {
        var builder = _scratch.Clear();
        count = 0;
        while (builder.Length < characters || count == 0)
        {
            var file = TextPools.SourceFiles[(count * 5 + 3) % TextPools.SourceFiles.Count];
            builder.Append(file).Append(':').Append(10 + count * 17 % 400).Append(":  const value = ").Append(pattern).Append("(input);\n");
            count++;
        }
        return builder;
    }

    /// <summary>One path a line, each ending in a newline, as Glob lists them.</summary>
    public TextBuilder Listing(IEnumerable<string> paths)
    {
        var builder = _scratch.Clear();
        foreach (var path in paths)
        {
            builder.Append(path).Append('\n');
        }
        return builder;
    }

    /// <summary>Fills <paramref name="raw"/> (and, with the Read tool's "   n→" numbering, <paramref name="numbered"/>) to about <paramref name="characters"/>.</summary>
    private int BuildFile(string path, int characters, TextBuilder raw, TextBuilder? numbered)
    {
        var pool = SourcePool(path);
        var start = random.Next(pool.Count);
        var line = 0;
        while (raw.Length < characters || line == 0)
        {
            var text = pool[(start + line) % pool.Count];
            line++;
            raw.Append(text).Append('\n');
            numbered?.PadLeft(line, 6).Append('→').Append(text).Append('\n');
        }
        return line;
    }

    private static IReadOnlyList<string> SourcePool(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".py" => TextPools.PythonLines,
        ".cs" => TextPools.CSharpLines,
        ".go" => TextPools.GoLines,
        ".md" => TextPools.AssistantSentences,
        _ => TextPools.TypeScriptLines,
    };

    public void Dispose()
    {
        _scratch.Dispose();
        _numbered.Dispose();
    }
}
