using System.Diagnostics;

namespace Hindsight.Testing;

/// <summary>
/// The `hindsight` binary (Hindsight.Cli.dll, the very build the in-process tests use) running as a child
/// process that a test can watch line by line and kill with SIGKILL.
/// </summary>
/// <remarks>
/// Started with the test project's runtimeconfig and deps: in the test output folder the CLI's own copies
/// do not resolve System.Threading.RateLimiting, which the test graph takes from the ASP.NET Core shared
/// framework (the simulator pulls it in) and so does not copy; `dotnet Hindsight.Cli.dll` from that folder
/// fails as soon as stage 4 loads.
/// </remarks>
public sealed class HindsightProcess : IDisposable
{
    private static readonly string[] HostVariablesRemoved =
        ["CLAUDE_CONFIG_DIR", "HINDSIGHT_DB", "XDG_DATA_HOME", "GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY"];

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _output = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _errorLines = [];
    private readonly List<Trigger> _triggers = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _errorLineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HindsightProcess(Process process)
    {
        _process = process;
        // Dedicated threads with blocking reads: pipe reads through async APIs hold thread-pool threads
        // until the child writes, and on a 2-core machine (min 2 pool threads) two children were enough to
        // delay every continuation, progress lines included, until the child had exited.
        new Thread(ReadOutput) { IsBackground = true, Name = "hindsight stdout" }.Start();
        new Thread(ReadError) { IsBackground = true, Name = "hindsight stderr" }.Start();
    }

    /// <summary>The test project this file is compiled into (tests/Shared is linked into several), whose runtimeconfig and deps the child uses.</summary>
    private static string TestProject { get; } = typeof(HindsightProcess).Assembly.GetName().Name!;

    public static string CliAssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "Hindsight.Cli.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyList<string> ErrorLines
    {
        get { lock (_gate) return [.. _errorLines]; }
    }

    /// <summary>
    /// Starts `hindsight args...` with HOME pointing nowhere, none of the host's Hindsight or provider
    /// variables, and then <paramref name="environment"/> (a null value removes a variable).
    /// <paramref name="launcher"/> is a command the binary runs under (setpriv, a shell that sets a limit).
    /// </summary>
    public static HindsightProcess Start(IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string>? launcher, params string[] args)
    {
        var command = new List<string>(launcher ?? [])
        {
            "dotnet", "exec",
            "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, TestProject + ".runtimeconfig.json"),
            "--depsfile", Path.Combine(AppContext.BaseDirectory, TestProject + ".deps.json"),
            CliAssemblyPath,
        };
        command.AddRange(args);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1)) info.ArgumentList.Add(arg);
        foreach (var name in HostVariablesRemoved) info.Environment.Remove(name);
        info.Environment["HOME"] = "/nonexistent-home";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        return new HindsightProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + command[0]));
    }

    public static HindsightProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) => Start(environment, null, args);

    /// <summary>Runs to the end and returns exit code, standard output and standard error.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string>? launcher, params string[] args)
    {
        using var process = Start(environment, launcher, args);
        return await process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) => RunAsync(environment, null, args);

    /// <summary>
    /// Waits until standard error has a line that <paramref name="matches"/> (progress lines such as
    /// "stage 1 extraction: started"). False when the process ended first.
    /// </summary>
    public async Task<bool> WaitForErrorLineAsync(Func<string, bool> matches, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_errorLines.Any(matches)) return true;
                arrived = _errorLineArrived.Task;
            }
            if (_errorDone.Task.IsCompleted) return false;
            await Task.WhenAny(arrived, _errorDone.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// When a line of standard error matches, waits <paramref name="delay"/> and then runs
    /// <paramref name="action"/> if the process is still running; the task says whether it ran. Both the
    /// wait and the action run on a dedicated thread started by the line's reader, so the moment does not
    /// depend on when the test's own continuations get scheduled (under xunit they can lag by seconds).
    /// </summary>
    public Task<bool> OnErrorLine(Func<string, bool> matches, TimeSpan delay, Action action)
    {
        var trigger = new Trigger(matches, delay, action);
        lock (_gate)
        {
            if (_errorLines.Any(matches)) Fire(trigger);
            else _triggers.Add(trigger);
        }
        return trigger.Ran.Task;
    }

    /// <summary>Kills the process with SIGKILL <paramref name="delay"/> after a matching standard-error line; false when it had already ended.</summary>
    public Task<bool> KillAfterErrorLine(Func<string, bool> matches, TimeSpan delay) => OnErrorLine(matches, delay, Kill);

    private void Fire(Trigger trigger)
    {
        new Thread(() =>
        {
            try
            {
                if (trigger.Delay > TimeSpan.Zero) Thread.Sleep(trigger.Delay);
                bool alive = !_process.HasExited;
                if (alive) trigger.Action();
                trigger.Ran.TrySetResult(alive);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                trigger.Ran.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "hindsight trigger" }.Start();
    }

    private sealed record Trigger(Func<string, bool> Matches, TimeSpan Delay, Action Action)
    {
        public TaskCompletionSource<bool> Ran { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>SIGKILL to this process only (Process.Kill on Unix): no handler, no flush, no cleanup runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task<CliResult> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        var output = await _output.Task.WaitAsync(cancellationToken);
        await _errorDone.Task.WaitAsync(cancellationToken);
        return new CliResult(_process.ExitCode, output, string.Join('\n', ErrorLines));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void ReadOutput()
    {
        try
        {
            _output.SetResult(_process.StandardOutput.ReadToEnd());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _output.SetException(ex);
        }
    }

    private void ReadError()
    {
        try
        {
            while (_process.StandardError.ReadLine() is { } line)
            {
                lock (_gate)
                {
                    _errorLines.Add(line);
                    foreach (var trigger in _triggers.Where(t => t.Matches(line)).ToList())
                    {
                        _triggers.Remove(trigger);
                        Fire(trigger);
                    }
                    _errorLineArrived.TrySetResult();
                    _errorLineArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
            lock (_gate)
            {
                foreach (var trigger in _triggers) trigger.Ran.TrySetResult(false);
                _triggers.Clear();
            }
            _errorDone.SetResult();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _errorDone.SetException(ex);
        }
    }
}
