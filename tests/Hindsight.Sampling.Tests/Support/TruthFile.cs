using System.Text.Json;

namespace Hindsight.Sampling.Tests.Support;

internal static class TruthFile
{
    public static async Task<IReadOnlyList<TruthRecord>> ReadAsync(string root, CancellationToken cancellationToken)
    {
        var records = new List<TruthRecord>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(root, CorpusSummary.TruthFileName), cancellationToken))
        {
            records.Add(JsonSerializer.Deserialize<TruthRecord>(line) ?? throw new InvalidDataException("Empty truth line."));
        }
        return records;
    }
}
