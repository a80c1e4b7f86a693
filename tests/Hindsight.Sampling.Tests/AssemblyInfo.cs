[assembly: AssemblyFixture(typeof(Hindsight.Sampling.Tests.Support.SmallCorpus))]
