using System.Globalization;
using Governance.Core.Review;

namespace Governance.Core.Messages;

/// <summary>
/// Where each fact of a verdict came from, in words, for the email and Slack renderers: the intel source and its
/// advisories (malicious first, with links and severity), the public registry, the digests compared three ways
/// ("SHA-512: streamed = CodeArtifact = Maven Central"), and whether the license came from the metadata, a parent POM
/// or a file in the archive. Every untrusted value goes through the renderer's <see cref="Style"/> (bounded, control
/// characters removed, escaped for its medium).
/// </summary>
internal static class EvidenceText
{
    /// <summary>How a medium writes untrusted text (bounded and escaped) and a link.</summary>
    /// <param name="Text">Bounds, cleans and escapes an untrusted value to at most the given length.</param>
    /// <param name="Link">A link to an untrusted URL labelled with an untrusted id, both already unescaped.</param>
    public sealed record Style(Func<string?, int, string> Text, Func<string, string, string> Link);

    /// <summary>How many entries of each list, and how long a summary.</summary>
    public sealed record Limits(int Advisories, int Summary, int Hashes, int Notes);

    /// <summary>One line of the evidence section with its detail lines.</summary>
    public sealed record Entry(string Label, string Text, IReadOnlyList<string> Details);

    public static IReadOnlyList<Entry> Entries(Verdict verdict, Limits limits, Style style)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var entries = new List<Entry>();
        var evidence = verdict.Evidence;
        if (evidence?.Intel is { } intel)
        {
            entries.Add(Intel(intel, limits, style));
        }
        if (evidence?.Registry is { } registry)
        {
            entries.Add(new Entry("Registry", Registry(registry, verdict.Package.Format, style), []));
        }
        if (evidence is not null)
        {
            entries.Add(Hashes(verdict, evidence, limits, style));
        }
        if (License(verdict.Licenses, limits, style) is { } license)
        {
            entries.Add(license);
        }
        return entries;
    }

    /// <summary>The public registry's name for a hash line: <c>Maven Central</c>, <c>npm registry</c>, <c>PyPI</c>.</summary>
    public static string RegistryName(string format) => format switch
    {
        "maven" => "Maven Central",
        "npm" => "npm registry",
        "pypi" => "PyPI",
        "nuget" => "NuGet Gallery",
        _ => "public registry",
    };

    private static Entry Intel(VerdictIntel intel, Limits limits, Style style)
    {
        var source = style.Text(intel.Source, 200);
        var details = new List<string>();
        string text;
        switch (intel.Status)
        {
            case "answered":
                var count = intel.Advisories.Count;
                text = count == 0
                    ? $"{source}: no advisory affects this version"
                    : $"{source}: {Count(count)} {(count == 1 ? "advisory" : "advisories")} affect this version";
                foreach (var advisory in intel.Advisories.Take(limits.Advisories))
                {
                    details.Add(Advisory(advisory, limits, style));
                }
                if (count > limits.Advisories)
                {
                    details.Add($"...and {Count(count - limits.Advisories)} more (see the verdict document)");
                }
                break;
            case "unreachable":
                text = $"{source}: unreachable after {Attempts(intel.Attempts)}: {style.Text(intel.Problem ?? "no answer", 300)}";
                break;
            default:
                text = $"not queried: {style.Text(intel.Problem ?? "no intel source configured", 300)}";
                break;
        }
        return new Entry("Intel", text, details);
    }

    private static string Advisory(VerdictAdvisory advisory, Limits limits, Style style)
    {
        var what = advisory.Malicious ? "MALICIOUS" : style.Text(advisory.Severity, 20);
        var score = advisory.Score is { } s ? ", CVSS " + s.ToString("0.0", CultureInfo.InvariantCulture) : "";
        var aliases = advisory.Aliases.Count == 0 ? "" : "; " + style.Text(string.Join(", ", advisory.Aliases.Take(4)), 200);
        var summary = advisory.Summary.Length == 0 || limits.Summary == 0 ? "" : ": " + style.Text(advisory.Summary, limits.Summary);
        return $"{style.Link(advisory.Link, advisory.Id)} ({what}{score}{aliases}){summary}";
    }

    private static string Registry(VerdictRegistry registry, string format, Style style)
    {
        var source = $"{RegistryName(format)} ({style.Text(registry.Source, 200)})";
        var problem = style.Text(registry.Problem ?? "no detail", 300);
        return registry.Status switch
        {
            "found" => $"{source}: found" + (registry.PublishedAt is { } at
                ? $", published {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
                : ""),
            "not-found" => $"{source}: has no such version or digests: {problem}",
            "unreachable" => $"{source}: unreachable: {problem}",
            _ => $"not queried: {problem}",
        };
    }

    private static Entry Hashes(Verdict verdict, VerdictEvidence evidence, Limits limits, Style style)
    {
        if (evidence.Hashes is not { Count: > 0 } rows)
        {
            var verified = verdict.Assets.Count(a => a.Verified);
            return new Entry("Hashes",
                $"streamed = CodeArtifact for {Count(verified)} of {Count(verdict.Assets.Count)} assets listed; not compared with a public registry", []);
        }
        var registry = RegistryName(verdict.Package.Format);
        var details = new List<string>();
        foreach (var row in rows.Take(limits.Hashes))
        {
            var sides = new List<(string Name, string? Digest)> { ("streamed", row.Streamed), ("CodeArtifact", row.CodeArtifact), (registry, row.Registry) }
                .Where(x => x.Digest is not null).ToList();
            var asset = style.Text(row.Asset, 200);
            var algorithm = style.Text(row.Algorithm, 20);
            details.Add(row.Agreed
                ? $"{asset}: {algorithm}: {string.Join(" = ", sides.Select(x => x.Name))}"
                : $"{asset}: {algorithm} DIFFER: {string.Join(", ", sides.Select(x => $"{x.Name} {style.Text(Short(x.Digest!), 40)}"))}");
        }
        if (rows.Count > limits.Hashes)
        {
            details.Add($"...and {Count(rows.Count - limits.Hashes)} more (see the verdict document)");
        }
        var agreed = rows.Count(r => r.Agreed);
        return new Entry("Hashes", $"{Count(agreed)} of {Count(rows.Count)} digests agree three ways", details);
    }

    private static Entry? License(VerdictLicenses licenses, Limits limits, Style style)
    {
        if (licenses.Source is null)
        {
            return null;
        }
        var location = style.Text(licenses.Location ?? "", 300);
        var text = licenses.Source switch
        {
            "parent-pom" => $"read from the parent POM {location}",
            "license-file" => $"read from the license file {location}"
                + (licenses.Score is { } score ? $" (matched with score {score.ToString("0.00", CultureInfo.InvariantCulture)})" : ""),
            "package-manifest" => $"read from the package manifest {location}",
            "metadata" => "from CodeArtifact's metadata",
            var other => style.Text(other, 50),
        };
        var notes = licenses.Notes ?? [];
        var details = notes.Take(limits.Notes).Select(n => "note: " + style.Text(n, 300)).ToList();
        if (notes.Count > limits.Notes)
        {
            details.Add($"...and {Count(notes.Count - limits.Notes)} more notes (see the verdict document)");
        }
        return new Entry("License", text, details);
    }

    private static string Short(string digest) => digest.Length <= 16 ? digest : digest[..16] + "…";

    private static string Attempts(int attempts) =>
        attempts == 1 ? "1 attempt" : $"{attempts.ToString(CultureInfo.InvariantCulture)} attempts";

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
