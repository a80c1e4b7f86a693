namespace Hindsight.Tests.Support;

/// <summary>Tests that measure a rate run alone, so the other tests of this assembly do not compete for the CPU.</summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;
