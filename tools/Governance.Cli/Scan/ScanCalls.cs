using System.Collections.Concurrent;
using System.Diagnostics;

namespace Governance.Cli.Scan;

/// <summary>
/// CodeArtifact requests the scan made, per operation (one per call as sent; the SDK's own retries are not seen
/// here), carried over resumes; and, for this run only, the time spent waiting for each operation's answers and in
/// whole reviews (where the time goes: the rest of a review is the ledger, the policy and the notification).
/// </summary>
internal sealed class ScanCalls
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);

    public ScanCalls(IReadOnlyDictionary<string, long>? carried = null)
    {
        foreach (var (operation, count) in carried ?? new Dictionary<string, long>())
        {
            _counts[operation] = count;
        }
    }

    /// <summary>The review as a whole, timed under this name (not a CodeArtifact operation, not counted as a call).</summary>
    public const string Review = "review";

    public void Add(string operation) => _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);

    public void AddTime(string operation, long stopwatchTicks) => _ticks.AddOrUpdate(operation, stopwatchTicks, (_, n) => n + stopwatchTicks);

    public long Total => _counts.Values.Sum();

    public SortedDictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);

    /// <summary>Seconds spent per operation in this run (summed over concurrent workers).</summary>
    public SortedDictionary<string, double> Seconds() =>
        new(_ticks.ToDictionary(t => t.Key, t => Math.Round(t.Value / (double)Stopwatch.Frequency, 3), StringComparer.Ordinal), StringComparer.Ordinal);
}
