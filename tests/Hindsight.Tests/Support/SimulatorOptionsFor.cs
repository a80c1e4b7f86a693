using Hindsight.Correction;
using Hindsight.Correction.Providers;
using Hindsight.Simulator;

namespace Hindsight.Tests.Support;

/// <summary>Engine options pointed at a running simulator, with short delays so the suite stays quick.</summary>
internal static class SimulatorOptionsFor
{
    internal static CorrectionOptions OpenAI(SimulatorServer server) => new()
    {
        Provider = new ProviderSettings { Kind = ProviderKind.OpenAI, BaseUrl = server.BaseUrl, Model = "gpt-4o-mini" },
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        CallTimeout = TimeSpan.FromSeconds(10),
    };
}
