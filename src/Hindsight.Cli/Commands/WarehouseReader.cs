using System.CommandLine;
using Hindsight.Reports;
using Hindsight.Cli.Settings;
using Hindsight.Warehouse;
using Hindsight.Cli.Output;

namespace Hindsight.Cli.Commands;

/// <summary>Opens the warehouse read-only for the commands that only look (runs, query, report).</summary>
public sealed class WarehouseReader(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    /// <summary>
    /// How long a reader waits for an ingest to release the warehouse when --wait is not given: long enough to ride
    /// out a short write, short enough that a query never seems to hang.
    /// </summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The exit code for the last failed <see cref="OpenAsync"/>: 2 when the path is not a warehouse Hindsight may
    /// read (a usage error), 1 otherwise.
    /// </summary>
    public int FailureExitCode { get; private set; } = ExitCodes.Failure;

    public async Task<Warehouse.Warehouse?> OpenAsync(ParseResult result, CancellationToken cancellationToken, bool allowExternalAccess = true)
    {
        var settings = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), null, null);
        var wait = result.GetResult(common.Wait) is { Implicit: false } ? TimeSpan.FromSeconds(Math.Max(0, result.GetValue(common.Wait))) : DefaultLockWait;
        try
        {
            return await Warehouse.Warehouse.OpenAsync(settings.Database.Value, new WarehouseOptions
            {
                ReadOnly = true,
                MemoryLimit = result.GetValue(common.MemoryLimit)!,
                LockWait = wait,
                DisableExternalAccess = !allowExternalAccess,
            }, cancellationToken);
        }
        catch (WarehouseRefusedException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            FailureExitCode = ExitCodes.Usage;
            return null;
        }
        catch (Exception ex) when (ex is WarehouseException or WarehouseLockedException)
        {
            console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
            FailureExitCode = ExitCodes.Failure;
            return null;
        }
    }

    /// <summary>
    /// Opens the warehouse without file access, runs one report query and closes it again: the one place where a
    /// refused or busy warehouse and a failed query become an error line and an exit code for the report commands.
    /// </summary>
    /// <param name="what">What the query reads, for the error line ("the API calls").</param>
    public async Task<(T? Report, int ExitCode)> ReadReportAsync<T>(ParseResult result, string what,
        Func<WarehouseSession, CancellationToken, Task<T>> query, CancellationToken cancellationToken) where T : class
    {
        await using var warehouse = await OpenAsync(result, cancellationToken, allowExternalAccess: false);
        if (warehouse is null) return (null, FailureExitCode);
        try
        {
            return (await query(warehouse.Session, cancellationToken), ExitCodes.Success);
        }
        catch (ReportException ex)
        {
            console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
        }
        catch (WarehouseQueryException ex)
        {
            console.Error.WriteLine($"error: cannot read {what}: {TerminalText.Safe(ex.Message)}");
        }
        return (null, ExitCodes.Failure);
    }
}
