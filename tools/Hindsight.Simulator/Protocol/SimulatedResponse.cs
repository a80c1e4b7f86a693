namespace Hindsight.Simulator;

/// <summary>An answer decided by the simulator, before it is recorded and written.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Json">The JSON body.</param>
/// <param name="Fault">Fault or quota name for the log, or null.</param>
internal sealed record SimulatedResponse(int Status, string Json, string? Fault)
{
    /// <summary>Extra response headers, e.g. Retry-After.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
