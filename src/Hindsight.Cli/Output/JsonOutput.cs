using System.Text.Json;

namespace Hindsight.Cli.Output;

/// <summary>The one set of options for every command's --json output: indented, for people and tools alike.</summary>
internal static class JsonOutput
{
    /// <remarks>
    /// The relaxed encoder keeps apostrophes, '+', '&lt;' and non-ASCII text as they are: this is output for a terminal,
    /// a file or a JSON parser, never for embedding in HTML, where the default encoder's escapes would matter.
    /// </remarks>
    public static JsonSerializerOptions Indented { get; } = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same escaping on one line, for JSON shown inside a table cell.</summary>
    public static JsonSerializerOptions Compact { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
