using System.Diagnostics;
using System.Text.Json;

namespace Governance.Cli.Scan;

/// <summary>
/// Saves the scan's state: at most once per <see cref="ScanServices.CheckpointInterval"/> while it runs (a save is a
/// flushed file write, too dear for every version), and at once when it stops. The state is copied to JSON under the
/// tally's lock, so a save is one consistent moment of the cursor and the counts.
/// </summary>
internal sealed class ScanCheckpoint(ScanStateStore store, ScanTally tally, ScanCalls calls, TimeSpan interval, Action<string>? crashPoint)
{
    private readonly Lock _saving = new();
    private readonly Stopwatch _run = Stopwatch.StartNew();
    private readonly double _earlierSeconds = tally.State.ElapsedSeconds;
    private TimeSpan _lastSave = TimeSpan.Zero;

    /// <summary>Time spent scanning over every run of this state.</summary>
    public TimeSpan Elapsed => TimeSpan.FromSeconds(_earlierSeconds) + _run.Elapsed;

    /// <summary>Time spent in this run.</summary>
    public TimeSpan RunElapsed => _run.Elapsed;

    public void SaveIfDue()
    {
        if (_run.Elapsed - _lastSave >= interval)
        {
            Save();
        }
    }

    /// <summary>Brings the time and the call counts in the state up to now (before a save, and before the summary).</summary>
    public void Refresh()
    {
        lock (tally.Gate)
        {
            tally.State.ElapsedSeconds = Elapsed.TotalSeconds;
            tally.State.Counters.Calls = calls.Snapshot();
        }
    }

    public void Save()
    {
        lock (_saving)
        {
            byte[] json;
            lock (tally.Gate)
            {
                Refresh();
                json = JsonSerializer.SerializeToUtf8Bytes(tally.State, ScanStateJsonContext.Default.ScanState);
            }

            store.Save(json);
            _lastSave = _run.Elapsed;
        }

        crashPoint?.Invoke("after-checkpoint");
    }
}
