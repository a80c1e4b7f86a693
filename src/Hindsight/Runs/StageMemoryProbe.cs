using Hindsight.Warehouse;

namespace Hindsight.Runs;

/// <summary>
/// Watches one stage's memory while it runs: samples the resident set and DuckDB's buffer pool every
/// <see cref="SampleInterval"/> on a background task, and reads the process's high-water mark before and after.
/// DuckDB is asked through a connection of its own to the same database instance that only reads
/// (<c>duckdb_memory()</c>, a few microseconds of DuckDB's time): the stage's own connection is busy, and it stays the
/// only one that writes. Measuring never fails a stage: a sample that cannot be taken is left out.
/// </summary>
public sealed class StageMemoryProbe : IAsyncDisposable
{
    /// <summary>Often enough to see a stage's plateau, rarely enough to cost nothing measurable (bench/README.md).</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    private const string DuckDbMemorySql = "SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT AS memory, coalesce(sum(temporary_storage_bytes), 0)::BIGINT AS spill FROM duckdb_memory()";

    private readonly long? _markBefore;
    private readonly WarehouseSession? _duckDb;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _residentPeak;
    private long? _duckDbPeak;
    private long? _spillPeak;
    private StageMemory? _result;

    private StageMemoryProbe(WarehouseSession? duckDb)
    {
        _markBefore = ResidentSetPeak.Read();
        _duckDb = duckDb;
        Sample();
        _sampling = Task.Run(SampleUntilStoppedAsync);
    }

    /// <summary>Starts watching; <paramref name="warehouse"/> is null when the stage has none (a dry run on a new database).</summary>
    public static async Task<StageMemoryProbe> StartAsync(Warehouse.Warehouse? warehouse, CancellationToken cancellationToken)
    {
        WarehouseSession? session = null;
        if (warehouse is not null)
        {
            try
            {
                session = await warehouse.OpenSessionAsync(cancellationToken);
            }
            catch (WarehouseQueryException)
            {
                // Without it the stage is still measured by its resident set.
            }
        }
        return new StageMemoryProbe(session);
    }

    /// <summary>Stops sampling (once) and returns what the stage used.</summary>
    public async Task<StageMemory> StopAsync()
    {
        if (_result is not null) return _result;
        await _stop.CancelAsync();
        await _sampling;
        Sample();
        var (peak, exact) = StageMemory.PeakOf(_markBefore, ResidentSetPeak.Read(), _residentPeak);
        _result = new StageMemory(peak, exact, _duckDbPeak, _spillPeak);
        return _result;
    }

    private async Task SampleUntilStoppedAsync()
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) Sample();
        }
        catch (OperationCanceledException)
        {
            // Stopped: the stage has ended.
        }
    }

    /// <summary>Never runs twice at once: the background loop stops before the last sample is taken.</summary>
    private void Sample()
    {
        _residentPeak = Math.Max(_residentPeak, Environment.WorkingSet);
        if (_duckDb is null) return;
        try
        {
            if (_duckDb.ReadFirst<(long Memory, long Spill)?>(DuckDbMemorySql, row => (row.GetInt64("memory"), row.GetInt64("spill"))) is not { } sample) return;
            _duckDbPeak = Math.Max(_duckDbPeak ?? 0, sample.Memory);
            _spillPeak = Math.Max(_spillPeak ?? 0, sample.Spill);
        }
        catch (WarehouseQueryException)
        {
            // The database is closing or failed: the samples taken so far stand.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        if (_duckDb is not null) await _duckDb.DisposeAsync();
    }
}
