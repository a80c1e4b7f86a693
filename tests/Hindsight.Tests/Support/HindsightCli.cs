using System.Diagnostics;
using Hindsight.Cli;

namespace Hindsight.Tests.Support;

/// <summary>
/// Runs the `hindsight` command: in-process through the same entry point as the binary (fast), or as a
/// real child process (exit codes, signals, two processes on one database).
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

    /// <summary>The built CLI assembly, run with `dotnet` as a separate process.</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Hindsight.Cli.dll");

    public static ProcessStartInfo ProcessStartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["HOME"] = "/nonexistent-home";
        info.Environment.Remove("CLAUDE_CONFIG_DIR");
        info.Environment.Remove("HINDSIGHT_DB");
        info.Environment["NO_COLOR"] = "1";
        return info;
    }

    public static async Task<CliResult> RunProcessAsync(params string[] args)
    {
        using var process = Process.Start(ProcessStartInfo(args))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
