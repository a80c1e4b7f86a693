using Hindsight.Cli;

namespace Hindsight.Testing;

/// <summary>
/// Runs the `hindsight` command in-process through the same entry point as the binary (fast); for a real
/// child process (exit codes, signals, two processes on one database) see <see cref="HindsightProcess"/>.
/// </summary>
public static class HindsightCli
{
    public static async Task<CliResult> RunAsync(params string[] args) => await RunWithEnvironmentAsync(new Dictionary<string, string?>(), args);

    public static Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunWithEnvironmentAsync(environment, TestContext.Current.CancellationToken, args);

    /// <summary>Runs with only the given environment variables visible (HOME points nowhere), cancellable by the caller.</summary>
    public static async Task<CliResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string? Lookup(string name) => environment.TryGetValue(name, out var value) ? value : name is "HOME" ? "/nonexistent-home" : null;
        int code = await HindsightApp.RunAsync(args, CliConsole.Plain(output, error), Lookup, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
