using System.Diagnostics.CodeAnalysis;

namespace Hindsight.Pricing;

/// <summary>
/// Model prices: the versioned table shipped in the assembly (resource <see cref="ResourceName"/>), optionally with a
/// user's file of the same schema merged over it. A name resolves only to an entry it names (canonical name or alias,
/// exactly or after <see cref="ModelNameKey"/> normalization); an unknown model is never priced as another one.
/// </summary>
public sealed class PriceTable
{
    public const string ResourceName = "Hindsight.Pricing.prices.json";

    private readonly Dictionary<string, ModelPrice> _exact;
    private readonly Dictionary<string, ModelPrice> _normalized;

    private PriceTable(PriceTableDocument shipped, PriceTableDocument? userOverride)
    {
        Version = shipped.Version ?? throw new PriceTableException($"{shipped.Origin}: $.version is required");
        Source = shipped.Source ?? throw new PriceTableException($"{shipped.Origin}: $.source is required");
        OverrideFile = userOverride?.Origin;
        OverrideVersion = userOverride?.Version;

        var overridden = userOverride?.Models.Select(model => model.Model).ToHashSet(StringComparer.Ordinal) ?? [];
        Models = [.. shipped.Models.Where(model => !overridden.Contains(model.Model)), .. userOverride?.Models ?? []];

        // Keys of the override are added last so that they win any name the shipped table also claims.
        _exact = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        _normalized = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        AddKeys(shipped);
        if (userOverride is not null)
        {
            AddKeys(userOverride);
        }
    }

    /// <summary>Date of the shipped table (prices.json <c>version</c>).</summary>
    public string Version { get; }

    /// <summary>Where the shipped prices come from (prices.json <c>source</c>).</summary>
    public string Source { get; }

    /// <summary>Full path of the merged user file, if any.</summary>
    public string? OverrideFile { get; }

    /// <summary>The user file's own <c>version</c>, if it has one.</summary>
    public string? OverrideVersion { get; }

    /// <summary>Every priced model after merging; an override entry replaces the shipped entry of the same name.</summary>
    public IReadOnlyList<ModelPrice> Models { get; }

    public static PriceTable LoadDefault() => new(ReadShipped(), userOverride: null);

    /// <summary>The shipped table, with <paramref name="overrideFile"/> merged over it when given.</summary>
    public static PriceTable Load(string? overrideFile)
    {
        if (overrideFile is null)
        {
            return LoadDefault();
        }

        var path = ExistingOverridePath(overrideFile);
        return new PriceTable(ReadShipped(), PriceTableReader.Read(File.ReadAllText(path), path));
    }

    /// <inheritdoc cref="Load(string?)"/>
    public static async Task<PriceTable> LoadAsync(string? overrideFile, CancellationToken cancellationToken = default)
    {
        if (overrideFile is null)
        {
            return LoadDefault();
        }

        var path = ExistingOverridePath(overrideFile);
        var json = await File.ReadAllTextAsync(path, cancellationToken);
        return new PriceTable(ReadShipped(), PriceTableReader.Read(json, path));
    }

    public bool TryGet(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_exact.TryGetValue(model, out price))
        {
            return true;
        }

        return _normalized.TryGetValue(ModelNameKey.Normalize(model), out price);
    }

    private void AddKeys(PriceTableDocument document)
    {
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in document.Models)
        {
            foreach (var name in model.Aliases.Prepend(model.Model))
            {
                var key = ModelNameKey.Normalize(name);
                if (claimed.TryGetValue(key, out var owner) && owner != model.Model)
                {
                    throw new PriceTableException(
                        $"{document.Origin}: the name \"{name}\" of \"{model.Model}\" is also a name of \"{owner}\"; one name must price one model");
                }

                claimed[key] = model.Model;
                _exact[name] = model;
                _normalized[key] = model;
            }
        }
    }

    private static PriceTableDocument ReadShipped()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new PriceTableException($"The assembly carries no resource {ResourceName}; the build did not embed Pricing/prices.json");
        using var reader = new StreamReader(stream);
        return PriceTableReader.Read(reader.ReadToEnd(), ResourceName);
    }

    private static string ExistingOverridePath(string overrideFile)
    {
        var path = Path.GetFullPath(overrideFile);
        return File.Exists(path) ? path : throw new PriceTableException($"The price override file {path} does not exist");
    }
}
