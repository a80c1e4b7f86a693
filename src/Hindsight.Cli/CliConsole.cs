using Spectre.Console;

namespace Hindsight.Cli;

/// <summary>
/// Where the command writes: results to standard output (tables, or JSON for scripts), progress and
/// diagnostics to standard error, so `--json` output stays clean when piped.
/// </summary>
public sealed class CliConsole
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required IAnsiConsole Ansi { get; init; }
    public required IAnsiConsole ErrorAnsi { get; init; }
    /// <summary>True when standard error is an interactive terminal: progress bars instead of plain lines.</summary>
    public bool Interactive { get; init; }

    /// <summary>Tables written to a file or a pipe are not squeezed into 80 columns.</summary>
    private const int PipeWidth = 200;

    public static CliConsole ForProcess()
    {
        bool noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        IAnsiConsole Create(TextWriter writer, bool redirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = noColor || redirected ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = noColor || redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
                Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            });
            if (redirected) console.Profile.Width = PipeWidth;
            return console;
        }
        return new CliConsole
        {
            Out = Console.Out,
            Error = Console.Error,
            Ansi = Create(Console.Out, Console.IsOutputRedirected),
            ErrorAnsi = Create(Console.Error, Console.IsErrorRedirected),
            Interactive = !Console.IsErrorRedirected && !noColor,
        };
    }

    /// <summary>A console writing plain text into the given writers (tests, pipes).</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error)
    {
        IAnsiConsole Create(TextWriter writer)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = PipeWidth;
            return console;
        }
        return new CliConsole { Out = output, Error = error, Ansi = Create(output), ErrorAnsi = Create(error) };
    }
}
