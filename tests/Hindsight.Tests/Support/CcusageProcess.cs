using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Support;

/// <summary>The pinned ccusage (tools/ccusage/install.sh), run with only the environment a cross-check gives it.</summary>
public static class CcusageProcess
{
    public static string Binary => Path.Combine(RepositoryPaths.Root, ".tools", "ccusage", "node_modules", "@ccusage", "ccusage-linux-x64", "bin", "ccusage");

    /// <summary>Runs ccusage with <paramref name="arguments"/> and returns its JSON; a non-zero exit fails the test.</summary>
    public static async Task<JsonNode> RunJsonAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in arguments) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var ct = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"ccusage exited with {process.ExitCode}: {await error}");
        return JsonNode.Parse(await output)!;
    }
}
