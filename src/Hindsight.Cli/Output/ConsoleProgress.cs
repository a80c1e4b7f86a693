using Hindsight.Stages;

namespace Hindsight.Cli.Output;

/// <summary>
/// Stage progress on standard error: a live percentage line on a terminal, one plain line per stage
/// start and end otherwise, nothing with --quiet.
/// </summary>
public sealed class ConsoleProgress(CliConsole console, bool quiet) : IPipelineProgress
{
    public IStageProgress BeginStage(int number, string name, long? total, string unit) =>
        quiet ? SilentProgress.Instance : new StageLine(console, number, name, total, unit);

    private sealed class StageLine : IStageProgress
    {
        private readonly CliConsole _console;
        private readonly string _label;
        private readonly long? _total;
        private readonly string _unit;
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private long _done;
        private long _lastDrawTicks;
        /// <summary>Characters of the progress line now on screen, so the next line written over it covers all of it.</summary>
        private int _drawnLength;
        private readonly Lock _gate = new();

        public StageLine(CliConsole console, int number, string name, long? total, string unit)
        {
            _console = console;
            _label = $"stage {number} {name}";
            _total = total;
            _unit = unit;
            if (!console.Interactive) console.Error.WriteLine($"{_label}: started");
        }

        public void Advance(long amount)
        {
            lock (_gate)
            {
                _done += amount;
                if (!_console.Interactive || _clock.ElapsedMilliseconds - _lastDrawTicks < 100) return;
                _lastDrawTicks = _clock.ElapsedMilliseconds;
                var line = _total is > 0
                    ? $"{Bar(_done / (double)_total.Value)} {Math.Min(100.0, 100.0 * _done / _total.Value),5:F1}% {Human(_done)}/{Human(_total.Value)} {_unit}"
                    : $"{Human(_done)} {_unit}";
                _console.Error.Write("\r" + OverDrawn($"{_label}: {line}"));
                _drawnLength = _label.Length + 2 + line.Length;
            }
        }

        public void Note(string message)
        {
            lock (_gate) WriteLineOverProgress($"{_label}: {TerminalText.Safe(message)}");
        }

        public void Dispose()
        {
            lock (_gate) WriteLineOverProgress($"{_label}: done in {_clock.Elapsed.TotalSeconds:F1} s");
        }

        /// <summary>A whole line that replaces the progress line on a terminal: no fragment of it (`9M bytes`) stays on screen.</summary>
        private void WriteLineOverProgress(string line)
        {
            if (!_console.Interactive)
            {
                _console.Error.WriteLine(line);
                return;
            }
            _console.Error.WriteLine("\r" + OverDrawn(line));
            _drawnLength = 0;
        }

        /// <summary>The text padded with spaces to the length of what is on screen, so it covers the longer line it overwrites.</summary>
        private string OverDrawn(string text) => text.Length >= _drawnLength ? text : text + new string(' ', _drawnLength - text.Length);

        private static string Bar(double fraction)
        {
            const int width = 24;
            int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
            return "[" + new string('█', filled) + new string('·', width - filled) + "]";
        }

        private string Human(long value) => _unit == "bytes"
            ? value switch { >= 1L << 30 => $"{value / (double)(1L << 30):F1}G", >= 1L << 20 => $"{value / (double)(1L << 20):F1}M", >= 1L << 10 => $"{value / 1024.0:F0}K", _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
