using System.Text.RegularExpressions;

namespace Hindsight.Correction.Protection;

/// <summary>
/// The non-secret spans a typo fixer must not touch: code, URLs, paths, stack traces, tags and placeholder
/// look-alikes. Each pattern is kept narrow enough that ordinary prose ("and/or", "at least") stays correctable.
/// </summary>
internal static partial class VerbatimPatterns
{
    /// <summary>The tag names whose whole element (tags and content) is machine text, not something a person typed.</summary>
    internal const string VerbatimElementNames =
        "command-name|command-message|command-contents|local-command-stdout|local-command-stderr|local-command-caveat|"
        + "bash-input|bash-stdout|bash-stderr|system-reminder|ide_opened_file|ide_selection|ide_diagnostics|"
        + "task-notification|user-prompt-submit-hook|tool_use_error|filepath|code|pre|script|style";

    internal static IReadOnlyList<(ProtectedSpanKind Kind, Regex Regex, bool TrimTrailingPunctuation)> All { get; } =
    [
        (ProtectedSpanKind.PlaceholderLookalike, PlaceholderLookalike(), false),
        (ProtectedSpanKind.CodeFence, CodeFence(), false),
        (ProtectedSpanKind.InlineCode, InlineCode(), false),
        (ProtectedSpanKind.Tag, VerbatimElement(), false),
        (ProtectedSpanKind.Tag, Tag(), false),
        (ProtectedSpanKind.StackTrace, StackTraceLine(), false),
        (ProtectedSpanKind.Url, Url(), true),
        (ProtectedSpanKind.Url, Email(), true),
        (ProtectedSpanKind.FilePath, WindowsPath(), true),
        (ProtectedSpanKind.FilePath, UnixAbsolutePath(), true),
        (ProtectedSpanKind.FilePath, HomeOrDotRelativePath(), true),
        (ProtectedSpanKind.FilePath, RelativePath(), true),
        (ProtectedSpanKind.FilePath, FileName(), true),
    ];

    // Any bracketed run or lone bracket: after protection the brackets appear only inside real placeholders.
    [GeneratedRegex("\u27E6[^\u27E6\u27E7\\n]{0,64}\u27E7|[\u27E6\u27E7]", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderLookalike();

    [GeneratedRegex(@"(`{3,}|~{3,})[\s\S]*?(?:\1|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"``[^\n]+?``|`[^`\n]+`", RegexOptions.CultureInvariant)]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"<(" + VerbatimElementNames + @")(?:\s[^<>]*)?>[\s\S]*?</\1\s*>", RegexOptions.CultureInvariant)]
    private static partial Regex VerbatimElement();

    [GeneratedRegex(@"</?[A-Za-z][\w:.-]*(?:\s+[^<>\n]*?)?\s*/?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(
        @"^[ \t]+at (?:new |async )?[\w$<>\[\]`+/\\,:|-]*\.[\w$.<>\[\]`+/\\,:|-]+[ \t]*\([^\n]*\)[^\n]*$"
        + @"|^[ \t]+at [^\n]*:\d+(?::\d+)?\)?[ \t]*$"
        + @"|^[ \t]*File ""[^""\n]+"", line \d+[^\n]*$"
        + @"|^Traceback \(most recent call last\):[ \t]*$"
        + @"|^goroutine \d+ \[[^\]\n]+\]:[ \t]*$"
        + @"|^thread '[^'\n]*' panicked at [^\n]*$"
        + @"|^[ \t]*#\d+[ \t]+0x[0-9a-fA-F]+ in [^\n]*$"
        + @"|^[ \t]*(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error)(?::[^\n]*)?[ \t]*$"
        + @"|^[ \t]*[A-Z][\w$]*[a-z](?:Exception|Error): [^\n]*$"
        + @"|^[ \t]*--- End of (?:inner exception )?stack trace[^\n]*$",
        RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex StackTraceLine();

    [GeneratedRegex(@"(?<![\w.+-])(?:[A-Za-z][A-Za-z0-9+.-]{1,15}://|www\.)[^\s<>""'`\u27E6\u27E7]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w\\])(?:[A-Za-z]:[\\/]|\\\\[\w.$-]+\\|\.{1,2}\\)[^\s<>""|?*\u27E6\u27E7]*", RegexOptions.CultureInvariant)]
    private static partial Regex WindowsPath();

    [GeneratedRegex(@"(?<![\w/.~:-])/[\w.@+%-]+(?:/[\w.@+%-]*)*", RegexOptions.CultureInvariant)]
    private static partial Regex UnixAbsolutePath();

    [GeneratedRegex(@"(?<![\w/.~-])(?:~|\.{1,2})/[\w.@+%/-]*", RegexOptions.CultureInvariant)]
    private static partial Regex HomeOrDotRelativePath();

    // Two or more separators, or one separator and a file extension: "src/app/main" and "src/main.rs", not "and/or".
    [GeneratedRegex(@"(?<![\w/.~-])[\w.@+-]+(?:/[\w.@+-]+){2,}/?|(?<![\w/.~-])[\w@+-][\w.@+-]*/[\w@+-][\w.@+-]*\.[A-Za-z][A-Za-z0-9]{0,7}(?![\w/])", RegexOptions.CultureInvariant)]
    private static partial Regex RelativePath();

    [GeneratedRegex(
        @"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:cs|csproj|sln|slnx|props|targets|py|ipynb|js|mjs|cjs|ts|tsx|jsx|json|jsonl|md|yaml|yml|toml|rs|go|java|kt|rb|php|c|h|cc|cpp|hpp|sh|bash|zsh|ps1|sql|html|htm|css|scss|xml|txt|csv|tsv|lock|env|ini|cfg|conf|log|dll|exe|so|dylib|swift|vue|svelte|duckdb|parquet|db|sqlite|pdf|png|jpg|jpeg|gif|svg|zip|gz|tar|wasm|dockerfile|tf|lua|dart|scala|exs|erl|hs)(?![\w.-]*\w)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FileName();
}
