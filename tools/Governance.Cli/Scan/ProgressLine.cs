using System.Diagnostics;
using System.Globalization;

namespace Governance.Cli.Scan;

/// <summary>
/// The live progress line on a terminal (stderr): versions done / listed so far, rate, ETA and the verdicts so far,
/// redrawn in place at most every <see cref="ScanServices.ProgressInterval"/> and only when it changed. Nothing
/// here is untrusted text: package names never reach the line.
/// </summary>
internal sealed class ProgressLine : IAsyncDisposable
{
    private readonly TextWriter _error;
    private readonly ScanTally _tally;
    private readonly Func<bool> _listingDone;
    private readonly Stopwatch _run = Stopwatch.StartNew();
    private readonly long _reviewedBefore;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string _drawn = "";

    public ProgressLine(TextWriter error, ScanTally tally, Func<bool> listingDone, TimeSpan interval)
    {
        _error = error;
        _tally = tally;
        _listingDone = listingDone;
        _reviewedBefore = tally.Progress().Reviewed;
        _loop = DrawLoopAsync(interval);
    }

    public string Render()
    {
        var p = _tally.Progress();
        var seconds = _run.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? (p.Reviewed - _reviewedBefore) / seconds : 0;
        var total = _listingDone() ? p.Listed.ToString("N0", CultureInfo.InvariantCulture) : p.Listed.ToString("N0", CultureInfo.InvariantCulture) + "+";
        var left = Math.Max(0, p.Listed - p.Reviewed);
        var eta = rate > 0 ? Duration(TimeSpan.FromSeconds(left / rate)) : "?";
        var errors = p.Errors > 0 ? string.Create(CultureInfo.InvariantCulture, $" · errors {p.Errors}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"scan {p.Reviewed:N0}/{total} · {rate:F1}/s · ETA {eta} · passed {p.Passed} warned {p.Warned} quarantined {p.Quarantined} failed {p.Failed}{errors}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Leave the terminal as it was: the summary goes on a clean line.
        _error.Write("\r\u001b[K");
        _error.Flush();
        _stop.Dispose();
    }

    internal static string Duration(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:D2}m")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:D2}s");

    private async Task DrawLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var line = Render();
            if (line != _drawn)
            {
                _error.Write("\r\u001b[K" + line);
                _error.Flush();
                _drawn = line;
            }
        }
    }
}
