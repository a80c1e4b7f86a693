using System.Text.Json;
using Hindsight.Pricing;

namespace Hindsight.Tests.Pricing;

public sealed class PriceTableTests
{
    private static readonly string[] RateFields = ["input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead"];

    [Fact]
    public void The_shipped_prices_json_parses_and_every_model_has_every_rate_and_its_aliases()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(PriceTable.ResourceName);
        Assert.NotNull(stream);
        using var document = JsonDocument.Parse(stream);
        var models = document.RootElement.GetProperty("models").EnumerateObject().ToList();

        Assert.NotEmpty(models);
        foreach (var model in models)
        {
            foreach (var field in RateFields)
            {
                Assert.True(model.Value.TryGetProperty(field, out var rate) && rate.GetDecimal() >= 0, $"{model.Name} lacks {field}");
                if (model.Value.TryGetProperty("above200k", out var tier))
                {
                    Assert.True(tier.TryGetProperty(field, out var above) && above.GetDecimal() >= 0, $"{model.Name}.above200k lacks {field}");
                }
            }

            Assert.Equal(JsonValueKind.Array, model.Value.GetProperty("aliases").ValueKind);
        }

        Assert.Equal(models.Count, PriceTable.LoadDefault().Models.Count);
    }

    [Fact]
    public void The_shipped_table_is_versioned_and_names_its_sources()
    {
        var table = PriceTable.LoadDefault();

        Assert.True(DateOnly.TryParseExact(table.Version, "yyyy-MM-dd", out _), table.Version);
        Assert.Contains("ccusage 20.0.24", table.Source, StringComparison.Ordinal);
        Assert.Contains("gemini-2.5-flash-lite", table.Source, StringComparison.Ordinal);
        Assert.Null(table.OverrideFile);
    }

    [Theory]
    [InlineData("claude-sonnet-4-5-20250929")]
    [InlineData("claude-opus-4-5-20251101")]
    [InlineData("claude-haiku-4-5-20251001")]
    [InlineData("claude-sonnet-4-20250514")]
    [InlineData("gemini-2.5-flash-lite")]
    public void Every_model_the_generator_and_the_corrector_use_is_priced(string model)
    {
        Assert.True(PriceTable.LoadDefault().TryGet(model, out var price));
        Assert.Equal(model, price.Model);
    }

    [Fact]
    public void Gemini_Flash_Lite_costs_ten_cents_in_and_forty_cents_out_per_million()
    {
        Assert.True(PriceTable.LoadDefault().TryGet("gemini-2.5-flash-lite", out var price));

        Assert.Equal(0.10m, price.Base.Input);
        Assert.Equal(0.40m, price.Base.Output);
    }

    [Fact]
    public void Every_assistant_model_in_the_shared_transcripts_is_priced()
    {
        var transcripts = RepositoryPaths.SharedTranscripts;
        if (transcripts is null)
        {
            Assert.Skip("shared/transcripts beside the repository is absent; the real-model check needs it");
        }

        var table = PriceTable.LoadDefault();
        var models = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(transcripts, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (AssistantModel(line) is { } model && model != "<synthetic>")
                {
                    models.Add(model);
                }
            }
        }

        Assert.NotEmpty(models);
        Assert.All(models, model => Assert.True(table.TryGet(model, out _), $"{model} is in the transcripts but not priced"));
    }

    [Theory]
    [InlineData("claude-opus-4.6", "claude-opus-4-6")]
    [InlineData("anthropic/claude-opus-4-6", "claude-opus-4-6")]
    [InlineData("openrouter/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5-20250929")]
    [InlineData("claude-sonnet-4@20250514", "claude-sonnet-4-20250514")]
    [InlineData("anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514")]
    [InlineData("us.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022")]
    [InlineData("claude-sonnet-4", "claude-sonnet-4-20250514")]
    public void Provider_and_alias_spellings_resolve_to_the_model_they_name(string spelling, string canonical)
    {
        Assert.True(PriceTable.LoadDefault().TryGet(spelling, out var price));
        Assert.Equal(canonical, price.Model);
    }

    [Fact]
    public void An_override_file_wins_over_the_shipped_price()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("prices.json", """
            {
              "version": "2027-01-01",
              "models": {
                "claude-sonnet-4-5-20250929": { "input": 99, "output": 98, "cacheWrite5m": 97, "cacheWrite1h": 96, "cacheRead": 95, "aliases": [] }
              }
            }
            """);

        var table = PriceTable.Load(file);

        Assert.True(table.TryGet("claude-sonnet-4-5-20250929", out var price));
        Assert.Equal(new TokenRates(99, 98, 97, 96, 95), price.Base);
        Assert.Null(price.Above200k);
        Assert.Equal(file, table.OverrideFile);
        Assert.Equal("2027-01-01", table.OverrideVersion);
        Assert.Single(table.Models, model => model.Model == "claude-sonnet-4-5-20250929");
        Assert.True(table.TryGet("claude-opus-4-7", out _), "models the override does not name keep their shipped price");
    }

    [Fact]
    public async Task An_override_file_adds_models_and_its_aliases_win_names_of_the_shipped_table()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("prices.json", """
            {
              "models": {
                "my-gateway-sonnet": { "input": 1, "output": 2, "cacheWrite5m": 3, "cacheWrite1h": 4, "cacheRead": 5,
                                       "aliases": ["claude-sonnet-4"] }
              }
            }
            """);

        var table = await PriceTable.LoadAsync(file, TestContext.Current.CancellationToken);

        Assert.True(table.TryGet("my-gateway-sonnet", out var added));
        Assert.Equal(1m, added.Base.Input);
        Assert.True(table.TryGet("claude-sonnet-4", out var shadowed));
        Assert.Equal("my-gateway-sonnet", shadowed.Model);
        Assert.True(table.TryGet("claude-sonnet-4-20250514", out var shipped));
        Assert.Equal(3m, shipped.Base.Input);
    }

    [Fact]
    public void A_misspelt_field_in_an_override_fails_and_names_the_file_and_the_place()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("prices.json", """
            { "models": { "claude-opus-4-7": { "input": 5, "output": 25, "cacheWrite5m": 6.25, "cacheWrite1h": 10, "cache_read": 0.5 } } }
            """);

        var error = Assert.Throws<PriceTableException>(() => PriceTable.Load(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("cache_read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_model_without_every_rate_fails()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("prices.json", """{ "models": { "x-model": { "input": 1, "output": 2 } } }""");

        var error = Assert.Throws<PriceTableException>(() => PriceTable.Load(file));

        Assert.Contains("cacheWrite5m", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_models_of_one_file_claiming_one_name_fail()
    {
        using var folder = new TempDirectory();
        var file = folder.Write("prices.json", """
            { "models": {
                "a-model": { "input": 1, "output": 2, "cacheWrite5m": 3, "cacheWrite1h": 4, "cacheRead": 5, "aliases": ["shared-name"] },
                "b-model": { "input": 1, "output": 2, "cacheWrite5m": 3, "cacheWrite1h": 4, "cacheRead": 5, "aliases": ["shared.name"] } } }
            """);

        Assert.Throws<PriceTableException>(() => PriceTable.Load(file));
    }

    [Fact]
    public void A_missing_override_file_fails_instead_of_falling_back_silently()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<PriceTableException>(() => PriceTable.Load(Path.Combine(folder.Path, "absent.json")));

        Assert.Contains("absent.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_override_load_gives_the_shipped_table()
    {
        var table = PriceTable.Load(null);

        Assert.Equal(PriceTable.LoadDefault().Models.Count, table.Models.Count);
        Assert.Null(table.OverrideVersion);
    }

    private static string? AssistantModel(string line)
    {
        if (!line.Contains("\"assistant\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.ValueEquals("assistant")
                && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
