using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// Generates a synthetic Claude Code corpus laid out like a config dir (<c>DIR/projects/&lt;project&gt;/…</c>), plus
/// <c>hindsight-sample.json</c> (what it holds, see <see cref="CorpusSummary"/>) and <c>hindsight-sample-truth.jsonl</c>
/// (every human-typed text with its expected correction, see <see cref="TruthRecord"/>). The same spec and seed give
/// byte-identical files: the corpus is planned first from the seed, then every file is written from its own seed,
/// in parallel on all cores, streaming, with the summary written last (its presence marks a complete corpus).
/// </summary>
public static class CorpusGenerator
{
    public static async Task<CorpusSummary> GenerateAsync(
        CorpusSpec spec,
        string outDir,
        IProgress<CorpusProgress>? progress,
        CancellationToken cancellationToken) =>
        await GenerateAsync(spec, outDir, await TypoTable.LoadEmbeddedAsync(cancellationToken), progress, cancellationToken);

    /// <summary>The Claude Code corpus, and beside it the sessions of the other <paramref name="agents"/> (<see cref="OtherAgentCorpus"/>).</summary>
    public static async Task<CorpusSummary> GenerateAsync(
        CorpusSpec spec,
        SampleAgents agents,
        string outDir,
        IProgress<CorpusProgress>? progress,
        CancellationToken cancellationToken) =>
        await GenerateAsync(spec, outDir, await TypoTable.LoadEmbeddedAsync(cancellationToken), progress, cancellationToken, agents);

    public static async Task<CorpusSummary> GenerateAsync(
        CorpusSpec spec,
        string outDir,
        TypoTable typos,
        IProgress<CorpusProgress>? progress,
        CancellationToken cancellationToken,
        SampleAgents? agents = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentNullException.ThrowIfNull(typos);
        var plan = CorpusPlanner.Plan(spec);
        var root = Path.GetFullPath(outDir);
        EnsureEmptyTarget(root);
        Directory.CreateDirectory(Path.Combine(root, "projects"));

        var context = new GenerationContext(typos);
        var perFile = new CorpusCounters[plan.Files.Count];
        var done = 0;
        long lines = 0;
        long bytes = 0;
        // Biggest files first, so the giant one does not start last and leave one core idle at the end.
        var order = plan.Files.OrderByDescending(f => f.TargetBytes).ThenBy(f => f.Index).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(order, options, async (file, token) =>
        {
            var counters = await SampleFileWriter.WriteAsync(context, file, root, token);
            perFile[file.Index] = counters;
            var finished = Interlocked.Increment(ref done);
            var totalLines = Interlocked.Add(ref lines, counters.Lines);
            var totalBytes = Interlocked.Add(ref bytes, counters.Bytes);
            progress?.Report(new CorpusProgress(finished, plan.Files.Count, totalLines, totalBytes));
        });

        var total = new CorpusCounters();
        foreach (var counters in perFile)
        {
            total.Merge(counters);
        }
        await WriteTruthAsync(Path.Combine(root, CorpusSummary.TruthFileName), total.Truth, cancellationToken);
        var summary = CorpusSummary.Build(spec, plan, perFile, total);
        if (agents is { Codex: true } or { Gemini: true })
            summary = summary with { OtherAgents = (await OtherAgentCorpus.GenerateAsync(spec, agents, root, cancellationToken)).Agents };
        await WriteSummaryAsync(Path.Combine(root, CorpusSummary.FileName), summary, cancellationToken);
        return summary;
    }

    private static void EnsureEmptyTarget(string root)
    {
        if (File.Exists(Path.Combine(root, CorpusSummary.FileName))
            || (Directory.Exists(Path.Combine(root, "projects")) && Directory.EnumerateFileSystemEntries(Path.Combine(root, "projects")).Any()))
        {
            throw new IOException($"{root} already holds a corpus; choose an empty or new folder.");
        }
    }

    private static async Task WriteTruthAsync(string path, List<TruthRecord> truth, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var recordJson = CorpusSummary.TypeInfo<TruthRecord>(new JsonSerializerOptions(CorpusSummary.JsonOptions) { WriteIndented = false });
        foreach (var record in truth)
        {
            await JsonSerializer.SerializeAsync(stream, record, recordJson, cancellationToken);
            stream.WriteByte((byte)'\n');
        }
    }

    private static async Task WriteSummaryAsync(string path, CorpusSummary summary, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(stream, summary, CorpusSummary.TypeInfo<CorpusSummary>(CorpusSummary.JsonOptions), cancellationToken);
            stream.WriteByte((byte)'\n');
        }
        File.Move(temporary, path, overwrite: true);
    }
}
