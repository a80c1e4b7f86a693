using System.Diagnostics.CodeAnalysis;
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
    /// <summary>Tables and markup on standard output; the process's is made on first use (see <see cref="ForProcess"/>).</summary>
    public IAnsiConsole Ansi { get => _ansi.Value; init => _ansi = new Lazy<IAnsiConsole>(value); }
    public IAnsiConsole ErrorAnsi { get => _errorAnsi.Value; init => _errorAnsi = new Lazy<IAnsiConsole>(value); }
    /// <summary>True when standard error is an interactive terminal: progress bars instead of plain lines.</summary>
    public bool Interactive { get; init; }

    /// <summary>Tables written to a file or a pipe are not squeezed into 80 columns.</summary>
    private const int PipeWidth = 200;

    private readonly Lazy<IAnsiConsole> _ansi = NotGiven(nameof(Ansi));
    private readonly Lazy<IAnsiConsole> _errorAnsi = NotGiven(nameof(ErrorAnsi));

    public CliConsole()
    {
    }

    [SetsRequiredMembers]
    private CliConsole(TextWriter output, TextWriter error, Func<IAnsiConsole> ansi, Func<IAnsiConsole> errorAnsi, bool interactive)
    {
        Out = output;
        Error = error;
        _ansi = new Lazy<IAnsiConsole>(ansi, LazyThreadSafetyMode.ExecutionAndPublication);
        _errorAnsi = new Lazy<IAnsiConsole>(errorAnsi, LazyThreadSafetyMode.ExecutionAndPublication);
        Interactive = interactive;
    }

    private static Lazy<IAnsiConsole> NotGiven(string name) =>
        new(() => throw new InvalidOperationException($"this console was made without {name}"));

    /// <summary>
    /// The process's console. The Spectre consoles are made when a command first draws a table or markup: making one
    /// detects the terminal (terminfo, colour depth, width) and loads Spectre, which a command that prints JSON or
    /// plain lines (`report --json`, `run --json`, `--version`) never needs.
    /// </summary>
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
        return new CliConsole(Console.Out, Console.Error,
            () => Create(Console.Out, Console.IsOutputRedirected),
            () => Create(Console.Error, Console.IsErrorRedirected),
            interactive: !Console.IsErrorRedirected && !noColor);
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
