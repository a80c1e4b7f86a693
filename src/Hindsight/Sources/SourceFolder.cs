namespace Hindsight.Sources;

/// <summary>A folder an agent's files are read from, and where that choice came from (shown by <c>hindsight config</c>).</summary>
public sealed record SourceFolder(Agent Agent, string Path, string Origin);
