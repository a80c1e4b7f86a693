namespace Hindsight.Reports.Html;

/// <summary>
/// One bar chart: categories along one axis, one or more series stacked on each category. Data only: <see cref="SvgChart"/>
/// draws it.
/// </summary>
public sealed record ChartSpec
{
    /// <summary>A stable name for the page and its tests (<c>data-chart</c>).</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The value axis's label, with its unit ("USD", "tokens").</summary>
    public required string ValueLabel { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required IReadOnlyList<ChartSeries> Series { get; init; }

    /// <summary>Bars along the vertical axis, for long category names (projects, runs).</summary>
    public bool Horizontal { get; init; }

    /// <summary>The bars drawn: one per category and series with a value above zero.</summary>
    public int Points => Series.Sum(s => s.Values.Count(v => v > 0));
}

/// <summary>One series of a chart: a value per category, in the chart's category order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);
