using System.Text.Json;

namespace Hindsight.Cli.Output;

/// <summary>The one set of options for every command's --json output: indented, for people and tools alike.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
