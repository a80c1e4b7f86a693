using Hindsight.Pricing;

namespace Hindsight.Tests.Pricing;

/// <summary>
/// Cases measured on ccusage 20.0.24: each row is one assistant line with these token counts, written to a corpus of
/// its own and run through `CLAUDE_CONFIG_DIR=&lt;tmp&gt; ccusage daily --json --offline`; the last value is the
/// <c>totalCost</c> ccusage printed for it (a one-line corpus has one day and one model). The rows are the output of
/// tools/ccusage/probes/crafted_costs.py, which writes those corpora and runs the pinned binary
/// (tools/ccusage/install.sh); rerun it to regenerate them.
/// Columns: title, model as written in message.model, input, output, cache write 5m, cache write 1h,
/// unsplit cache write (line without usage.cache_creation), cache read, usage.speed == "fast", ccusage's cost in USD.
/// </summary>
public sealed class CcusageCraftedCases : TheoryData<string, string, long, long, long, long, long, long, bool, double>
{
    public CcusageCraftedCases()
    {
        foreach (var row in Rows)
        {
            Add(row.Title, row.Model, row.Input, row.Output, row.CacheWrite5m, row.CacheWrite1h, row.CacheWriteUnsplit, row.CacheRead, row.Fast, row.CcusageUsd);
        }
    }

    private static readonly (string Title, string Model, long Input, long Output, long CacheWrite5m, long CacheWrite1h, long CacheWriteUnsplit, long CacheRead, bool Fast, double CcusageUsd)[] Rows =
    [
        ("claude-opus-4-8, split cache writes", "claude-opus-4-8", 1234, 5678, 10000, 20000, 0, 150000, false, 0.48562000000000005),
        ("claude-opus-4-8, unsplit cache writes", "claude-opus-4-8", 17, 999, 0, 0, 30000, 123456, false, 0.274288),
        ("claude-opus-4-7, split cache writes", "claude-opus-4-7", 1234, 5678, 10000, 20000, 0, 150000, false, 0.48562000000000005),
        ("claude-opus-4-7, unsplit cache writes", "claude-opus-4-7", 17, 999, 0, 0, 30000, 123456, false, 0.274288),
        ("claude-opus-4-6, split cache writes", "claude-opus-4-6", 1234, 5678, 10000, 20000, 0, 150000, false, 0.48562000000000005),
        ("claude-opus-4-6, unsplit cache writes", "claude-opus-4-6", 17, 999, 0, 0, 30000, 123456, false, 0.274288),
        ("claude-opus-4-5-20251101, split cache writes", "claude-opus-4-5-20251101", 1234, 5678, 10000, 20000, 0, 150000, false, 0.48562000000000005),
        ("claude-opus-4-5-20251101, unsplit cache writes", "claude-opus-4-5-20251101", 17, 999, 0, 0, 30000, 123456, false, 0.274288),
        ("claude-opus-4-1-20250805, split cache writes", "claude-opus-4-1-20250805", 1234, 5678, 10000, 20000, 0, 150000, false, 1.45686),
        ("claude-opus-4-1-20250805, unsplit cache writes", "claude-opus-4-1-20250805", 17, 999, 0, 0, 30000, 123456, false, 0.822864),
        ("claude-opus-4-20250514, split cache writes", "claude-opus-4-20250514", 1234, 5678, 10000, 20000, 0, 150000, false, 1.45686),
        ("claude-opus-4-20250514, unsplit cache writes", "claude-opus-4-20250514", 17, 999, 0, 0, 30000, 123456, false, 0.822864),
        ("claude-sonnet-4-6, split cache writes", "claude-sonnet-4-6", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-sonnet-4-6, unsplit cache writes", "claude-sonnet-4-6", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-sonnet-4-5-20250929, split cache writes", "claude-sonnet-4-5-20250929", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-sonnet-4-5-20250929, unsplit cache writes", "claude-sonnet-4-5-20250929", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-sonnet-4-20250514, split cache writes", "claude-sonnet-4-20250514", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-sonnet-4-20250514, unsplit cache writes", "claude-sonnet-4-20250514", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-haiku-4-5-20251001, split cache writes", "claude-haiku-4-5-20251001", 1234, 5678, 10000, 20000, 0, 150000, false, 0.097124),
        ("claude-haiku-4-5-20251001, unsplit cache writes", "claude-haiku-4-5-20251001", 17, 999, 0, 0, 30000, 123456, false, 0.054857600000000006),
        ("claude-3-7-sonnet-20250219, split cache writes", "claude-3-7-sonnet-20250219", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-3-7-sonnet-20250219, unsplit cache writes", "claude-3-7-sonnet-20250219", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-3-5-sonnet-20241022, split cache writes", "claude-3-5-sonnet-20241022", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-3-5-sonnet-20241022, unsplit cache writes", "claude-3-5-sonnet-20241022", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-3-5-sonnet-20240620, split cache writes", "claude-3-5-sonnet-20240620", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-3-5-sonnet-20240620, unsplit cache writes", "claude-3-5-sonnet-20240620", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-3-5-haiku-20241022, split cache writes", "claude-3-5-haiku-20241022", 1234, 5678, 10000, 20000, 0, 150000, false, 0.0776992),
        ("claude-3-5-haiku-20241022, unsplit cache writes", "claude-3-5-haiku-20241022", 17, 999, 0, 0, 30000, 123456, false, 0.04388608),
        ("claude-3-opus-20240229, split cache writes", "claude-3-opus-20240229", 1234, 5678, 10000, 20000, 0, 150000, false, 1.45686),
        ("claude-3-opus-20240229, unsplit cache writes", "claude-3-opus-20240229", 17, 999, 0, 0, 30000, 123456, false, 0.822864),
        ("claude-3-sonnet-20240229, split cache writes", "claude-3-sonnet-20240229", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("claude-3-sonnet-20240229, unsplit cache writes", "claude-3-sonnet-20240229", 17, 999, 0, 0, 30000, 123456, false, 0.16457280000000002),
        ("claude-3-haiku-20240307, split cache writes", "claude-3-haiku-20240307", 1234, 5678, 10000, 20000, 0, 150000, false, 0.024906),
        ("claude-3-haiku-20240307, unsplit cache writes", "claude-3-haiku-20240307", 17, 999, 0, 0, 30000, 123456, false, 0.013956679999999999),
        ("gemini-2.5-flash-lite, split cache writes", "gemini-2.5-flash-lite", 1234, 5678, 10000, 20000, 0, 150000, false, 0.009144600000000001),
        ("gemini-2.5-flash-lite, unsplit cache writes", "gemini-2.5-flash-lite", 17, 999, 0, 0, 30000, 123456, false, 0.005385860000000001),
        ("claude-sonnet-4-5-20250929, input 300k crosses the tier", "claude-sonnet-4-5-20250929", 300000, 0, 0, 0, 0, 0, false, 1.2),
        ("claude-sonnet-4-5-20250929, output 250k crosses the tier", "claude-sonnet-4-5-20250929", 0, 250000, 0, 0, 0, 0, false, 4.125),
        ("claude-sonnet-4-5-20250929, 1h cache write 300k crosses the tier", "claude-sonnet-4-5-20250929", 0, 0, 0, 300000, 0, 0, false, 2.4),
        ("claude-sonnet-4-5-20250929, 5m cache write 250k crosses the tier", "claude-sonnet-4-5-20250929", 0, 0, 250000, 0, 0, 0, false, 1.125),
        ("claude-sonnet-4-5-20250929, 5m 150k + 1h 150k stay under the tier", "claude-sonnet-4-5-20250929", 0, 0, 150000, 150000, 0, 0, false, 1.4625),
        ("claude-sonnet-4-5-20250929, unsplit cache write 300k crosses the tier", "claude-sonnet-4-5-20250929", 0, 0, 0, 0, 300000, 0, false, 1.5),
        ("claude-sonnet-4-5-20250929, cache read 1M crosses the tier", "claude-sonnet-4-5-20250929", 0, 0, 0, 0, 0, 1000000, false, 0.54),
        ("claude-sonnet-4-5-20250929, input exactly 200000 stays under the tier", "claude-sonnet-4-5-20250929", 200000, 0, 0, 0, 0, 0, false, 0.6),
        ("claude-sonnet-4-5-20250929, input 200001 crosses the tier by one", "claude-sonnet-4-5-20250929", 200001, 0, 0, 0, 0, 0, false, 0.6000059999999999),
        ("claude-sonnet-4-5-20250929, every kind crosses the tier", "claude-sonnet-4-5-20250929", 210000, 220000, 240000, 290000, 0, 3000000, false, 9.18),
        ("claude-sonnet-4-20250514, every kind crosses the tier", "claude-sonnet-4-20250514", 210000, 220000, 240000, 290000, 0, 3000000, false, 9.18),
        ("claude-opus-4-6 has no tier", "claude-opus-4-6", 300000, 0, 0, 0, 0, 900000, false, 1.9500000000000002),
        ("claude-opus-4-6, fast mode", "claude-opus-4-6", 1234, 5678, 10000, 20000, 0, 150000, true, 2.9137200000000005),
        ("claude-opus-4-7, fast mode", "claude-opus-4-7", 1234, 5678, 10000, 20000, 0, 150000, true, 2.9137200000000005),
        ("claude-opus-4-8, fast mode", "claude-opus-4-8", 1234, 5678, 10000, 20000, 0, 150000, true, 0.9712400000000001),
        ("claude-sonnet-4-5-20250929, fast mode", "claude-sonnet-4-5-20250929", 1234, 5678, 10000, 20000, 0, 150000, true, 0.29137199999999996),
        ("claude-sonnet-4-5-20250929, fast mode with the tier", "claude-sonnet-4-5-20250929", 300000, 1000, 0, 0, 0, 0, true, 1.2149999999999999),
        ("alias claude-sonnet-4-5", "claude-sonnet-4-5", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("alias claude-opus-4.6", "claude-opus-4.6", 1234, 5678, 10000, 20000, 0, 150000, false, 0.48562000000000005),
        ("alias anthropic/claude-opus-4-6", "anthropic/claude-opus-4-6", 1234, 5678, 10000, 20000, 0, 150000, false, 0.48562000000000005),
        ("alias claude-sonnet-4@20250514", "claude-sonnet-4@20250514", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("alias anthropic.claude-sonnet-4-20250514-v1:0", "anthropic.claude-sonnet-4-20250514-v1:0", 1234, 5678, 10000, 20000, 0, 150000, false, 0.29137199999999996),
        ("alias claude-3-5-haiku-latest", "claude-3-5-haiku-latest", 1234, 5678, 10000, 20000, 0, 150000, false, 0.0776992),
    ];
}
