using System.Globalization;
using System.Text;
using System.Text.Json;
using Governance.Core.Messages;

namespace Governance.Cli.Scan;

/// <summary>How a scan ended, for the summary.</summary>
internal enum ScanEnd
{
    /// <summary>Every version listed was reviewed.</summary>
    Completed,
    /// <summary>Stopped on request (Ctrl-C); the checkpoint resumes it.</summary>
    Interrupted,
    /// <summary>Listed to the end, but some versions kept failing transiently; the checkpoint retries them.</summary>
    Pending,
}

/// <summary>What the summary says besides the counters.</summary>
internal sealed record ScanContext(
    ScanRequest Request,
    string DomainOwner,
    string Mode,
    string Policy,
    string Notifications,
    string Ledger,
    string StatePath);

/// <summary>The end of a scan: a table for people (per outcome, verdict and rule) or one JSON document for scripts.</summary>
internal static class ScanReport
{
    public static void WriteTable(TextWriter output, ScanContext context, ScanState state, ScanEnd end, TimeSpan elapsed)
    {
        var c = state.Counters;
        var request = context.Request;
        var calls = c.Calls.Values.Sum();
        output.WriteLine($"governance scan {Visible(request.Domain)}/{Visible(request.Repository)} (owner {Visible(context.DomainOwner)}): {EndText(end)}");
        output.WriteLine($"  mode {context.Mode}{(request.DryRun ? " (dry run: nothing changed)" : "")}; policy {Visible(context.Policy)}");
        output.WriteLine($"  filters: {Filters(request)}");
        output.WriteLine($"  notifications: {Visible(context.Notifications)}; ledger: {Visible(context.Ledger)}");
        output.WriteLine(Invariant($"  {c.Reviewed:N0} of {c.Listed:N0} versions in {elapsed.TotalSeconds:F1} s ({Rate(c.Reviewed, elapsed):F1}/s); {calls:N0} CodeArtifact calls ({PerVersion(calls, c.Reviewed):F2} per version)"));
        output.WriteLine();
        Section(output, "outcome", [ScanTally.Decided, ScanTally.AlreadyDecided, ScanTally.Ignored, ScanTally.Gone, ScanTally.Error], c.Outcomes);
        Section(output, "verdict", [ScanTally.Passed, ScanTally.Warned, ScanTally.Quarantined, ScanTally.Failed], c.Verdicts);
        if (c.Rules.Count > 0)
        {
            Section(output, "rule (versions decided by this scan)", c.Rules.Keys, c.Rules);
        }

        foreach (var failed in c.Failed.Take(20))
        {
            output.WriteLine($"  {Visible(failed.PackageUrl)}: {failed.Outcome}, {(failed.ActionApplied ? "status " + failed.Action : "status unchanged")} ({Visible(failed.Reason)})");
        }

        if (c.Failed.Count > 20)
        {
            output.WriteLine(Invariant($"  … and {c.Failed.Count - 20:N0} more failed versions (--json lists them all)"));
        }

        if (state.Pending.Count > 0)
        {
            output.WriteLine(Invariant($"  {state.Pending.Count:N0} versions could not be reviewed yet; run the same command again to retry them"));
        }
    }

    public static void WriteJson(TextWriter output, ScanContext context, ScanState state, ScanEnd end, TimeSpan elapsed,
        IReadOnlyDictionary<string, double> secondsThisRun)
    {
        var c = state.Counters;
        var request = context.Request;
        var calls = c.Calls.Values.Sum();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("domain", request.Domain);
            json.WriteString("domainOwner", context.DomainOwner);
            json.WriteString("repository", request.Repository);
            json.WriteStartObject("filters");
            json.WriteString("format", request.Format);
            json.WriteString("namespace", request.Namespace);
            json.WriteString("packagePrefix", request.PackagePrefix);
            json.WriteString("status", request.Status);
            json.WriteEndObject();
            json.WriteString("mode", context.Mode);
            json.WriteBoolean("dryRun", request.DryRun);
            json.WriteString("policy", context.Policy);
            json.WriteString("notifications", context.Notifications);
            json.WriteString("ledger", context.Ledger);
            json.WriteString("result", end.ToString().ToLowerInvariant());
            json.WriteString("state", end == ScanEnd.Completed ? null : context.StatePath);
            json.WriteStartObject("counts");
            json.WriteNumber("listed", c.Listed);
            json.WriteNumber("reviewed", c.Reviewed);
            foreach (var name in new[] { ScanTally.Decided, ScanTally.AlreadyDecided, ScanTally.Ignored, ScanTally.Gone, ScanTally.Error })
            {
                json.WriteNumber(name, c.Outcomes.GetValueOrDefault(name));
            }

            foreach (var name in new[] { ScanTally.Passed, ScanTally.Warned, ScanTally.Quarantined, ScanTally.Failed })
            {
                json.WriteNumber(name, c.Verdicts.GetValueOrDefault(name));
            }

            json.WriteEndObject();
            json.WriteStartObject("rules");
            foreach (var (rule, count) in c.Rules)
            {
                json.WriteNumber(rule, count);
            }

            json.WriteEndObject();
            json.WriteStartArray("failedVersions");
            foreach (var failed in c.Failed)
            {
                json.WriteStartObject();
                json.WriteString("purl", failed.PackageUrl);
                json.WriteString("revision", failed.Revision);
                json.WriteString("outcome", failed.Outcome);
                json.WriteString("action", failed.Action);
                json.WriteBoolean("actionApplied", failed.ActionApplied);
                json.WriteString("reason", failed.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("pending");
            foreach (var pending in state.Pending)
            {
                json.WriteStringValue(Governance.Core.Packages.PackageUrl.ForPackage(pending.Format, pending.Namespace, pending.Name) + "@" + pending.Version);
            }

            json.WriteEndArray();
            json.WriteNumber("durationSeconds", Math.Round(elapsed.TotalSeconds, 3));
            json.WriteNumber("versionsPerSecond", Math.Round(Rate(c.Reviewed, elapsed), 2));
            json.WriteStartObject("calls");
            json.WriteNumber("total", calls);
            json.WriteNumber("perVersion", Math.Round(PerVersion(calls, c.Reviewed), 3));
            foreach (var (operation, count) in c.Calls)
            {
                json.WriteNumber(operation, count);
            }

            json.WriteEndObject();
            // Where this run's time went, summed over the concurrent workers: whole reviews, and the waits for each
            // CodeArtifact operation's answer (a review's remainder is the ledger, the policy and the notification).
            json.WriteStartObject("secondsThisRun");
            foreach (var (operation, seconds) in secondsThisRun)
            {
                json.WriteNumber(operation, seconds);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void Section(TextWriter output, string title, IEnumerable<string> names, SortedDictionary<string, long> counts)
    {
        output.WriteLine($"  {title}");
        foreach (var name in names)
        {
            output.WriteLine(Invariant($"    {Visible(name),-40} {counts.GetValueOrDefault(name),10:N0}"));
        }
    }

    private static string EndText(ScanEnd end) => end switch
    {
        ScanEnd.Completed => "complete",
        ScanEnd.Interrupted => "interrupted (resumable)",
        _ => "listed to the end, some versions pending",
    };

    private static string Filters(ScanRequest request)
    {
        var parts = new List<string>();
        Add("format", request.Format);
        Add("namespace", request.Namespace);
        Add("package prefix", request.PackagePrefix);
        Add("status", request.Status ?? "every reviewable status");
        return string.Join(", ", parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} {Visible(value)}");
            }
        }
    }

    private static double Rate(long versions, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? versions / elapsed.TotalSeconds : 0;

    private static double PerVersion(long calls, long versions) => versions > 0 ? calls / (double)versions : 0;

    private static string Visible(string text) => UntrustedText.Visible(text, 300);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
