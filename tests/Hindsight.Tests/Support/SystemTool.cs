using System.Diagnostics;

namespace Hindsight.Tests.Support;

/// <summary>Runs a system program (mount, umount) for a test's set-up: its exit code and standard error, or -1 when it cannot start.</summary>
public static class SystemTool
{
    public static async Task<(int Code, string Error)> RunAsync(string tool, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
