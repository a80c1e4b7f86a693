using System.Globalization;

namespace Hindsight.Reports;

/// <summary>
/// Groups API calls into report rows. Calls must be added in processing order (file path, then line), the order
/// ccusage sums its costs in, so that the floating-point sums come out the same as its own where possible.
/// Weeks and months are summed from days, as ccusage does (its weekly cost is the sum of its daily costs), which
/// again keeps the last digits of the sums equal to its own. The builder applies every filter of the request
/// itself; the warehouse query only narrows what it reads.
/// </summary>
public sealed class UsageReportBuilder(UsageReportRequest request)
{
    /// <summary>The period key of a call without a model in the model view.</summary>
    public const string NoModelPeriod = "(no model)";

    private readonly Dictionary<string, PeriodAccumulator> _periods = new(StringComparer.Ordinal);
    private long _undated;
    private long _linesWithoutIds, _tokensWithoutIds, _tokens, _unfinalized, _progressCopies;

    /// <summary>Adds a call, unless the request's filters leave it out.</summary>
    public void Add(ApiCallUsage call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (request.Project is not null && !string.Equals(call.Project, request.Project, StringComparison.Ordinal)) return;
        if (call.Timestamp is not { } timestamp)
        {
            _undated++;
            return;
        }

        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timestamp, request.TimeZone).DateTime);
        if (request.Since is { } since && localDate < since) return;
        if (request.Until is { } until && localDate > until) return;

        var modelName = ReportModelName.Of(call.Model, call.Speed);
        var key = request.View is ReportView.Weekly or ReportView.Monthly ? DayKey(localDate) : PeriodKey(call, localDate, modelName);
        if (!_periods.TryGetValue(key, out var period))
        {
            period = new PeriodAccumulator(key);
            _periods.Add(key, period);
        }
        period.Add(call, modelName, timestamp);
        _tokens += call.Tokens.Total;
        if (call.UsageSource == Stages.Clean.UsageSources.NoIds)
        {
            _linesWithoutIds += call.Lines;
            _tokensWithoutIds += call.Tokens.Total;
        }
        if (call.UsageSource == Stages.Clean.UsageSources.ProgressCopy) _progressCopies++;
        if (call.OutputUnfinalized) _unfinalized++;
    }

    public UsageReport Build()
    {
        // Periods without a single token are not printed, as in ccusage (a day of zero-usage lines only).
        IReadOnlyList<PeriodAccumulator> periods = request.View is ReportView.Weekly or ReportView.Monthly ? RollUpDays() : [.. _periods.Values];
        var rows = periods.Where(p => p.Tokens.Total != 0).Select(ToRow);
        var ordered = request.View switch
        {
            ReportView.Daily or ReportView.Weekly or ReportView.Monthly => rows.OrderBy(r => r.Period, StringComparer.Ordinal),
            ReportView.Session => rows.OrderByDescending(r => r.TotalCost).ThenBy(r => r.Period, StringComparer.Ordinal),
            _ => rows.OrderByDescending(r => r.TotalCost).ThenByDescending(r => r.Tokens.Total).ThenBy(r => r.Period, StringComparer.Ordinal),
        };
        var list = ordered.ToList();

        var tokens = UsageTokens.Zero;
        double cost = 0;
        foreach (var row in list)
        {
            tokens += row.Tokens;
            cost += row.TotalCost;
        }
        var unpriced = list.SelectMany(r => r.ModelBreakdowns).Where(m => m.MissingPricing).Select(m => m.ModelName)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        return new UsageReport
        {
            Request = request,
            Rows = list,
            Totals = new UsageReportTotals(tokens, cost, unpriced),
            UndatedCalls = _undated,
            Warnings = new UsageReportWarnings(_linesWithoutIds, _tokensWithoutIds, _tokens, _unfinalized, _progressCopies),
        };
    }

    /// <summary>Days in date order, merged into their weeks or months.</summary>
    private List<PeriodAccumulator> RollUpDays()
    {
        var merged = new Dictionary<string, PeriodAccumulator>(StringComparer.Ordinal);
        var order = new List<PeriodAccumulator>();
        foreach (var day in _periods.Values.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var date = DateOnly.ParseExact(day.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var key = PeriodKey(null, date, null);
            if (!merged.TryGetValue(key, out var period))
            {
                period = new PeriodAccumulator(key);
                merged.Add(key, period);
                order.Add(period);
            }
            period.Merge(day);
        }
        return order;
    }

    private static string DayKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string PeriodKey(ApiCallUsage? call, DateOnly localDate, string? modelName) => request.View switch
    {
        ReportView.Daily => DayKey(localDate),
        ReportView.Weekly => DayKey(localDate.AddDays(-DaysSinceMonday(localDate.DayOfWeek))),
        ReportView.Monthly => localDate.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ReportView.Session => call!.FileSession,
        ReportView.Project => call!.Project,
        ReportView.Model => modelName ?? NoModelPeriod,
        ReportView.Agent => call!.Agent,
        _ => throw new InvalidOperationException($"unknown report view {request.View}"),
    };

    private static int DaysSinceMonday(DayOfWeek day) => ((int)day + 6) % 7;

    private UsageReportRow ToRow(PeriodAccumulator period)
    {
        var breakdowns = period.Models
            .Select(m => new ModelUsage(m.Name, m.Tokens, m.Cost, m.MissingPricing))
            .OrderByDescending(m => m.Cost).ThenBy(m => m.ModelName, StringComparer.Ordinal)
            .ToList();
        // ccusage lists a session's models in the order it met them; every other view sorts them by name.
        var modelsUsed = request.View == ReportView.Session
            ? period.Models.Select(m => m.Name).ToList()
            : period.Models.Select(m => m.Name).Order(StringComparer.Ordinal).ToList();
        return new UsageReportRow
        {
            Period = period.Key,
            Agents = [.. period.Agents],
            Tokens = period.Tokens,
            TotalCost = period.Cost,
            ModelsUsed = modelsUsed,
            ModelBreakdowns = breakdowns,
            LastActivity = period.LastActivity,
        };
    }

    private sealed class PeriodAccumulator(string key)
    {
        private readonly Dictionary<string, ModelAccumulator> _byName = new(StringComparer.Ordinal);

        public string Key { get; } = key;
        public UsageTokens Tokens { get; private set; } = UsageTokens.Zero;
        public double Cost { get; private set; }
        public DateTimeOffset LastActivity { get; private set; } = DateTimeOffset.MinValue;
        public List<ModelAccumulator> Models { get; } = [];
        public SortedSet<string> Agents { get; } = new(StringComparer.Ordinal);

        public void Add(ApiCallUsage call, string? modelName, DateTimeOffset timestamp)
        {
            Agents.Add(call.Agent);
            Tokens += call.Tokens;
            Cost += call.Cost ?? 0;
            if (timestamp > LastActivity) LastActivity = timestamp;
            if (modelName is null) return;
            if (!_byName.TryGetValue(modelName, out var model))
            {
                model = new ModelAccumulator(modelName);
                _byName.Add(modelName, model);
                Models.Add(model);
            }
            model.Add(call);
        }

        public void Merge(PeriodAccumulator day)
        {
            Agents.UnionWith(day.Agents);
            Tokens += day.Tokens;
            Cost += day.Cost;
            if (day.LastActivity > LastActivity) LastActivity = day.LastActivity;
            foreach (var dayModel in day.Models)
            {
                if (!_byName.TryGetValue(dayModel.Name, out var model))
                {
                    model = new ModelAccumulator(dayModel.Name);
                    _byName.Add(dayModel.Name, model);
                    Models.Add(model);
                }
                model.Merge(dayModel);
            }
        }
    }

    private sealed class ModelAccumulator(string name)
    {
        public string Name { get; } = name;
        public UsageTokens Tokens { get; private set; } = UsageTokens.Zero;
        public double Cost { get; private set; }
        public bool MissingPricing { get; private set; }

        public void Add(ApiCallUsage call)
        {
            Tokens += call.Tokens;
            if (call.Cost is { } cost) Cost += cost;
            else MissingPricing = true;
        }

        public void Merge(ModelAccumulator day)
        {
            Tokens += day.Tokens;
            Cost += day.Cost;
            MissingPricing |= day.MissingPricing;
        }
    }
}
