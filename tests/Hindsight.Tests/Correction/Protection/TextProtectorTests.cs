using Hindsight.Correction.Protection;

namespace Hindsight.Tests.Correction.Protection;

public sealed class TextProtectorTests
{
    public static TheoryData<string, string> ProtectedSpans => new()
    {
        { "fix teh bug in ```csharp\nvar x = 1;\n``` please", "```csharp\nvar x = 1;\n```" },
        { "an unterminated fence ```\nrm -rf teh /\n", "```\nrm -rf teh /\n" },
        { "run `dotnet tset` now", "`dotnet tset`" },
        { "see https://exmaple.com/a/b?q=1. thanks", "https://exmaple.com/a/b?q=1" },
        { "open /home/usr/projcet/file.txt and check", "/home/usr/projcet/file.txt" },
        { "edit ~/.config/teh.toml now", "~/.config/teh.toml" },
        { "look at ./src/teh.cs", "./src/teh.cs" },
        { "the file src/Hindsight/Correction is big", "src/Hindsight/Correction" },
        { "change src/mian.rs quickly", "src/mian.rs" },
        { "open C:\\Users\\teh\\file.txt", "C:\\Users\\teh\\file.txt" },
        { "fix README.md typos", "README.md" },
        { "<command-name>/revew</command-name> do it", "<command-name>/revew</command-name>" },
        { "mail me at someone@exmaple.com ok", "someone@exmaple.com" },
        { "it says\n   at Foo.Bar.Baz() in /src/x.cs:line 3\nwhy", "   at Foo.Bar.Baz() in /src/x.cs:line 3" },
        { "python says\n  File \"main.py\", line 3, in <module>\nhelp", "  File \"main.py\", line 3, in <module>" },
        { "error:\nSystem.InvalidOperationException: teh thing\nhelp", "System.InvalidOperationException: teh thing" },
    };

    [Theory]
    [MemberData(nameof(ProtectedSpans))]
    public void The_span_is_replaced_by_a_placeholder_and_comes_back_byte_for_byte(string text, string span)
    {
        var result = TextProtector.Protect(text);

        Assert.Contains(result.Spans, protectedSpan => protectedSpan.Value == span);
        Assert.DoesNotContain(span, result.Text, StringComparison.Ordinal);
        Assert.Equal(text, result.Restore(result.Text));
    }

    [Fact]
    public void Plain_prose_is_left_alone()
    {
        const string Text = "pls fix teh bug and/or the typo, at least try it; 1/2 of it works";

        var result = TextProtector.Protect(Text);

        Assert.Empty(result.Spans);
        Assert.Equal(Text, result.Text);
    }

    [Fact]
    public void Placeholders_are_numbered_from_one_in_order()
    {
        var result = TextProtector.Protect("`a` then https://x.org then `b`");

        Assert.Equal("⟦P1⟧ then ⟦P2⟧ then ⟦P3⟧", result.Text);
        Assert.Equal([1, 2, 3], result.Spans.Select(span => span.Number));
    }

    [Fact]
    public void Pre_existing_placeholder_text_cannot_be_confused_with_a_real_placeholder()
    {
        var result = TextProtector.Protect("I typed ⟦P2⟧ and ⟦P1⟧ on purpose, see `code`");

        Assert.Equal("I typed ⟦P1⟧ and ⟦P2⟧ on purpose, see ⟦P3⟧", result.Text);
        Assert.Equal("I typed ⟦P2⟧ and ⟦P1⟧ on purpose, see `code`", result.Restore(result.Text));
    }

    [Fact]
    public void A_lone_bracket_is_protected_so_brackets_appear_only_in_real_placeholders()
    {
        var result = TextProtector.Protect("a lone ⟧ bracket and a ⟦ too");

        Assert.Equal("a lone ⟦P1⟧ bracket and a ⟦P2⟧ too", result.Text);
        Assert.Equal("a lone ⟧ bracket and a ⟦ too", result.Restore(result.Text));
    }

    [Fact]
    public void A_correction_around_the_placeholders_is_restored_with_the_exact_spans()
    {
        const string Text = "teh file `Prgram.cs` at https://exmaple.com/teh has a bug";
        var result = TextProtector.Protect(Text);
        var corrected = result.Text.Replace("teh file", "the file", StringComparison.Ordinal);

        var restored = result.Restore(corrected);

        Assert.Equal("the file `Prgram.cs` at https://exmaple.com/teh has a bug", restored);
        Assert.True(RestorationVerifier.Verify(result, corrected, restored));
    }

    [Fact]
    public void Restore_refuses_a_missing_placeholder()
    {
        var result = TextProtector.Protect("see `a` and `b`");

        var exception = Assert.Throws<PlaceholderMismatchException>(() => result.Restore("see ⟦P1⟧ and"));

        Assert.Contains("⟦P2⟧", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_refuses_a_repeated_placeholder()
    {
        var result = TextProtector.Protect("see `a`");

        Assert.Throws<PlaceholderMismatchException>(() => result.Restore("see ⟦P1⟧ ⟦P1⟧"));
    }

    [Fact]
    public void The_verifier_rejects_a_restoration_with_an_altered_span()
    {
        var result = TextProtector.Protect("see `a`");

        Assert.False(RestorationVerifier.Verify(result, "see ⟦P1⟧", "see `b`"));
        Assert.True(RestorationVerifier.Verify(result, "see ⟦P1⟧", "see `a`"));
    }

    [Fact]
    public void Non_ASCII_text_around_spans_round_trips_byte_for_byte()
    {
        const string Text = "ça marche pas 😅 avec `npm run bild` — voir /tmp/ça.log";
        var result = TextProtector.Protect(Text);

        var restored = result.Restore(result.Text);

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Text), System.Text.Encoding.UTF8.GetBytes(restored));
    }
}
