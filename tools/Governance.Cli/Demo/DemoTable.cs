using System.Text;
using Governance.Core.Messages;

namespace Governance.Cli.Demo;

/// <summary>
/// The demo's result table: one row per package, plain text that reads well in a terminal and in CI logs. Every cell
/// is printed through <see cref="UntrustedText.Visible"/>: names, versions and reasons come from the packages, and a
/// CR or an ESC sequence in them must not redraw the table or forge a row.
/// </summary>
public static class DemoTable
{
    public static string Render(IReadOnlyList<DemoResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string[] headers = ["package", "version", "verdict", "reasons", "final status", "expected", "notifications"];
        var rows = results.Select(r => new[]
        {
            r.Package.Namespace is null ? r.Package.Name : $"{r.Package.Namespace}/{r.Package.Name}",
            r.Package.Version,
            r.Verdict,
            r.Reasons,
            r.FinalStatus.ToString(),
            r.AsExpected ? "yes" : $"NO (wanted {r.Package.ExpectedOutcome}/{r.Package.ExpectedStatus})",
            $"{r.Emails.Count} email, {r.SlackMessages.Count} slack",
        }).ToList();
        var text = Table(headers, rows);
        text.AppendLine();
        foreach (var r in results)
        {
            foreach (var file in r.Emails.Concat(r.SlackMessages))
            {
                text.Append("  ").Append(UntrustedText.Visible(r.Package.Name)).Append(": ").AppendLine(UntrustedText.Visible(file));
            }
        }

        return text.ToString();
    }

    /// <summary>The Maven build's versions: what was fetched (or published) and what each got.</summary>
    public static string RenderMaven(IReadOnlyList<DemoMavenResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        string[] headers = ["maven version (group:artifact:version)", "origin", "verdict", "reasons", "final status", "as expected"];
        var rows = results.Select(r => new[]
        {
            r.Coordinate + (r.IsOwnArtifact ? " (ours, mvn deploy)" : string.Empty),
            r.Origin,
            r.Decision.Outcome,
            r.Decision.Reasons,
            r.Decision.Status.ToString(),
            r.AsExpected ? "yes" : "NO",
        }).ToList();
        return Table(headers, rows).ToString();
    }

    private static StringBuilder Table(string[] headers, List<string[]> rows)
    {
        rows = rows.Select(row => row.Select(cell => UntrustedText.Visible(cell)).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        Append(text, headers, widths);
        Append(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            Append(text, row, widths);
        }

        return text;
    }

    private static void Append(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(cells[i].PadRight(widths[i]));
            text.Append(i < cells.Length - 1 ? "  " : Environment.NewLine);
        }
    }
}
