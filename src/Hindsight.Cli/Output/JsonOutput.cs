using System.Text.Json;

namespace Hindsight.Cli.Output;

/// <summary>The one set of options for every command's --json output: indented, for people and tools alike.</summary>
internal static class JsonOutput
{
    /// <remarks>
    /// Apostrophes, '+', '&lt;' and non-ASCII text stay as they are (output for a terminal, a file or a JSON parser,
    /// never for embedding in HTML); characters that would steer a terminal are escaped (TerminalSafeJsonEncoder).
    /// </remarks>
    public static JsonSerializerOptions Indented { get; } = new()
    {
        WriteIndented = true,
        Encoder = Hindsight.Reports.TerminalSafeJsonEncoder.Instance,
    };

    /// <summary>The same escaping on one line, for JSON shown inside a table cell.</summary>
    public static JsonSerializerOptions Compact { get; } = new()
    {
        Encoder = Hindsight.Reports.TerminalSafeJsonEncoder.Instance,
    };
}
