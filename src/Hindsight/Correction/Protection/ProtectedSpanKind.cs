namespace Hindsight.Correction.Protection;

/// <summary>Why a span of a prompt was withheld from the model.</summary>
public enum ProtectedSpanKind
{
    /// <summary>A detected credential; it must never leave the machine.</summary>
    Secret,
    /// <summary>A fenced code block (``` or ~~~), unterminated fences run to the end of the text.</summary>
    CodeFence,
    /// <summary>Inline code between backticks.</summary>
    InlineCode,
    /// <summary>A URL or an e-mail address.</summary>
    Url,
    /// <summary>A file path (unix, windows, home-relative) or a file name with a known extension.</summary>
    FilePath,
    /// <summary>A line of a stack trace or an exception header.</summary>
    StackTrace,
    /// <summary>An XML-like tag, or a whole element for tags whose content is machine output.</summary>
    Tag,
    /// <summary>Text that already uses the placeholder brackets ⟦ ⟧ and so could be mistaken for a placeholder.</summary>
    PlaceholderLookalike,
}
