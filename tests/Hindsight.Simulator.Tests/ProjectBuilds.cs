namespace Hindsight.Simulator.Tests;
public sealed class ProjectBuilds { [Fact] public void TheAssemblyLoads() => Assert.NotNull(typeof(ProjectBuilds).Assembly.GetName().Name); }
