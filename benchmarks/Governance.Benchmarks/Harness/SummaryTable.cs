namespace Governance.Benchmarks.Harness;

/// <summary>One line of the final summary: what was measured, the figure, the baseline, and the ratio or goal check.</summary>
public sealed record SummaryRow(string Benchmark, string Measure, string Value, string Baseline, string Verdict);

/// <summary>Collects rows from every sub-benchmark and prints them as one Markdown table (pasteable into docs/benchmarks.md).</summary>
public sealed class SummaryTable
{
    private readonly List<SummaryRow> _rows = [];

    public IReadOnlyList<SummaryRow> Rows => _rows;

    public void Add(string benchmark, string measure, string value, string baseline = "", string verdict = "") =>
        _rows.Add(new SummaryRow(benchmark, measure, value, baseline, verdict));

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("## Summary");
        output.WriteLine();
        output.WriteLine("| benchmark | measure | value | baseline | ratio / goal |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            output.WriteLine($"| {row.Benchmark} | {row.Measure} | {row.Value} | {row.Baseline} | {row.Verdict} |");
        }
    }
}
