using System.Text.Json;

namespace Hindsight.Sampling;

/// <summary>
/// Writes one planned file: runs its script step by step and flushes the line buffer to disk whenever it holds a
/// megabyte, so memory stays flat whatever the file size. Also writes a nested agent's .meta.json sidecar.
/// </summary>
internal static class SampleFileWriter
{
    private const int FlushBytes = 1 << 20;
    private const ulong NoiseSalt = 0x4E4F495345UL;

    public static async Task<CorpusCounters> WriteAsync(GenerationContext context, FilePlan file, string root, CancellationToken cancellationToken)
    {
        var path = FullPath(root, file.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var buffer = new TranscriptBuffer(new DeterministicRandom(DeterministicRandom.Derive(file.Seed, NoiseSalt)), file.MalformedAfterLine);
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
        {
            if (file.Agent is not null)
            {
                using var agent = new AgentScript(context, file, buffer);
                await PumpAsync(agent.Run(), buffer, stream, cancellationToken);
            }
            else
            {
                using var session = new SessionScript(context, file, buffer, buffer.Counters);
                await PumpAsync(session.Run(), buffer, stream, cancellationToken);
            }
        }
        if (file.MetaSidecarPath is { } sidecar)
        {
            await WriteSidecarAsync(FullPath(root, sidecar), file.Agent!, cancellationToken);
        }
        return buffer.Counters;
    }

    private static async Task PumpAsync(IEnumerable<int> steps, TranscriptBuffer buffer, FileStream stream, CancellationToken cancellationToken)
    {
        foreach (var _ in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.PendingBytes >= FlushBytes)
            {
                await stream.WriteAsync(buffer.Pending, cancellationToken);
                buffer.ClearPending();
            }
        }
        if (buffer.PendingBytes > 0)
        {
            await stream.WriteAsync(buffer.Pending, cancellationToken);
            buffer.ClearPending();
        }
    }

    /// <summary>Later 2.1.x sidecar: {"agentType","description"} plus the spawning toolUseId from 2.1.114, no trailing newline.</summary>
    private static async Task WriteSidecarAsync(string path, AgentPlan agent, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        await using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("agentType", agent.AgentType);
        writer.WriteString("description", agent.Description);
        if (agent.Parent.Version.AtLeast(2, 1, 114))
        {
            writer.WriteString("toolUseId", agent.ToolUseId);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    public static string FullPath(string root, string relativePath) =>
        Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
