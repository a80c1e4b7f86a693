using System.CommandLine;
using Hindsight.Cli.Settings;
using Hindsight.Warehouse;
using Hindsight.Cli.Output;

namespace Hindsight.Cli.Commands;

/// <summary>Opens the warehouse read-only for the commands that only look (runs, query, report).</summary>
public sealed class WarehouseReader(CommonOptions common, CliConsole console, Func<string, string?> environment)
{
    public async Task<Warehouse.Warehouse?> OpenAsync(ParseResult result, CancellationToken cancellationToken, bool allowExternalAccess = true)
    {
        var settings = new SettingsResolver(environment).Resolve(result.GetValue(common.Db), null, null);
        try
        {
            return await Warehouse.Warehouse.OpenAsync(settings.Database.Value, new WarehouseOptions
            {
                ReadOnly = true,
                MemoryLimit = result.GetValue(common.MemoryLimit)!,
                LockWait = TimeSpan.FromSeconds(Math.Max(0, result.GetValue(common.Wait))),
                DisableExternalAccess = !allowExternalAccess,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is WarehouseException or WarehouseLockedException)
        {
            console.Error.WriteLine($"error: {TerminalText.Safe(ex.Message)}");
            return null;
        }
    }
}
