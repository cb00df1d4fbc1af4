namespace Governance.Benchmarks.Harness;

/// <summary>Nearest-rank percentiles of a latency sample.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Describe(IReadOnlyCollection<double> milliseconds) =>
        $"p50 {Of(milliseconds, 50):F0} ms, p99 {Of(milliseconds, 99):F0} ms (n={milliseconds.Count})";

    /// <summary>As <see cref="Describe"/>, to a hundredth of a millisecond: for steps that take less than one.</summary>
    public static string DescribeFine(IReadOnlyCollection<double> milliseconds) =>
        $"p50 {Of(milliseconds, 50):F2} ms, p99 {Of(milliseconds, 99):F2} ms (n={milliseconds.Count})";
}
