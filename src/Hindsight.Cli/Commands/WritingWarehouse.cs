using System.CommandLine;
using Hindsight.Cli.Output;
using Hindsight.Cli.Settings;
using Hindsight.Warehouse;

namespace Hindsight.Cli.Commands;

/// <summary>
/// Opens the warehouse for a command outside the pipeline that writes to it (forget, export, search --reindex): a missing file, a
/// refused, short-of-disk, held or broken warehouse each become one error line and their documented exit code.
/// </summary>
public sealed class WritingWarehouse(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    /// <summary>The warehouse (null on failure, with the exit code to return) and the database path it resolved to.</summary>
    public async Task<(Warehouse.Warehouse? Warehouse, string Database, int ExitCode)> OpenAsync(ParseResult result, string missingHint, CancellationToken cancellationToken)
    {
        var db = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), null, null).Database.Value;
        if (!File.Exists(db))
        {
            console.Error.WriteLine($"error: No warehouse at {db}. {missingHint}");
            return (null, db, ExitCodes.Failure);
        }
        try
        {
            var warehouse = await Warehouse.Warehouse.OpenAsync(db, new WarehouseOptions
            {
                MemoryLimit = result.GetValue(common.MemoryLimit)!,
                LockWait = TimeSpan.FromSeconds(Math.Max(0, result.GetValue(common.Wait))),
            }, cancellationToken);
            if (warehouse.Upgrade is { } upgrade) console.Error.WriteLine(TerminalText.Safe(upgrade.Summary));
            return (warehouse, db, ExitCodes.Success);
        }
        catch (WarehouseRefusedException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return (null, db, ExitCodes.Usage);
        }
        catch (WarehouseDiskSpaceException ex)
        {
            console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
            return (null, db, ExitCodes.NoDiskSpace);
        }
        catch (Exception ex) when (ex is WarehouseException or WarehouseLockedException)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return (null, db, ExitCodes.Failure);
        }
    }
}
