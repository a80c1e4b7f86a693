using ScottPlot;

namespace Hindsight.Reports.Html;

/// <summary>
/// Draws a <see cref="ChartSpec"/> as SVG with ScottPlot, at generation time, so the page needs no script to show it.
/// Stacked bars, a legend when there is more than one series, category names on one axis, the unit on the other.
/// </summary>
public static class SvgChart
{
    public const int Width = 900;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static string Render(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var plot = new Plot();
        // Horizontal charts read top down: the first category (the most costly project, the oldest run) at the top.
        double PositionOf(int category) => spec.Horizontal ? spec.Categories.Count - 1 - category : category;
        var bars = new List<Bar>();
        var stackBase = new double[spec.Categories.Count];
        for (int s = 0; s < spec.Series.Count; s++)
        {
            var color = Palette.GetColor(s);
            var values = spec.Series[s].Values;
            for (int c = 0; c < spec.Categories.Count; c++)
            {
                if (values[c] <= 0) continue;
                bars.Add(new Bar { Position = PositionOf(c), ValueBase = stackBase[c], Value = stackBase[c] + values[c], FillColor = color, LineWidth = 0 });
                stackBase[c] += values[c];
            }
            if (spec.Series.Count > 1) plot.Legend.ManualItems.Add(new LegendItem { LabelText = spec.Series[s].Name, FillColor = color });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = spec.Horizontal;

        double[] positions = [.. Enumerable.Range(0, spec.Categories.Count).Select(PositionOf)];
        string[] labels = [.. Thin(spec.Categories, spec.Horizontal ? 20 : 16)];
        var categoryTicks = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        if (spec.Horizontal)
        {
            plot.Axes.Left.TickGenerator = categoryTicks;
            plot.Axes.Margins(left: 0);
            plot.XLabel(spec.ValueLabel);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = categoryTicks;
            plot.Axes.Bottom.TickLabelStyle.Rotation = spec.Categories.Count > 8 ? 45 : 0;
            plot.Axes.Bottom.TickLabelStyle.Alignment = spec.Categories.Count > 8 ? Alignment.MiddleLeft : Alignment.UpperCenter;
            plot.Axes.Margins(bottom: 0);
            plot.YLabel(spec.ValueLabel);
        }
        plot.Title(spec.Title);
        if (spec.Series.Count > 1) plot.ShowLegend(Alignment.UpperLeft);
        int height = spec.Horizontal ? Math.Max(260, 90 + 26 * spec.Categories.Count) : 380;
        return Scalable(plot.GetSvgXml(Width, height), height);
    }

    /// <summary>
    /// The drawing alone (no XML declaration), with a viewBox in place of its fixed size, so the page can scale it to
    /// its column instead of cropping it.
    /// </summary>
    private static string Scalable(string svg, int height)
    {
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start > 0) svg = svg[start..];
        var size = $"width=\"{Width}\" height=\"{height}\"";
        int at = svg.IndexOf(size, StringComparison.Ordinal);
        return at < 0 ? svg : string.Concat(svg.AsSpan(0, at), $"viewBox=\"0 0 {Width} {height}\"", svg.AsSpan(at + size.Length));
    }

    /// <summary>Every label when they fit, else every n-th (others blank), and long names shortened with an ellipsis.</summary>
    private static IEnumerable<string> Thin(IReadOnlyList<string> categories, int most)
    {
        int step = Math.Max(1, (int)Math.Ceiling(categories.Count / (double)most));
        for (int i = 0; i < categories.Count; i++)
        {
            var name = categories[i];
            if (name.Length > 28) name = string.Concat(name.AsSpan(0, 13), "…", name.AsSpan(name.Length - 13));
            yield return i % step == 0 ? name : "";
        }
    }
}
