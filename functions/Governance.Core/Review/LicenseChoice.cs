using System.Globalization;
using Governance.Core.Evidence;
using Governance.Core.Licenses;
using Governance.Core.Policy;

namespace Governance.Core.Review;

/// <summary>
/// Which licenses the review judges: CodeArtifact's metadata, or, when the metadata has no recognised license, the
/// licenses read from the artifact that <c>licenses.discovery</c> allows; and where they came from.
/// </summary>
/// <param name="Evaluation">The evaluation of the licenses chosen.</param>
/// <param name="Source">Where they came from.</param>
/// <param name="Location">Which files (several joined with "; "), when read from the artifact.</param>
/// <param name="Score">For license texts: the lowest match score of those used.</param>
/// <param name="Notes">What could not be used and why (the discovery's own notes first).</param>
internal sealed record LicenseChoice(
    LicenseEvaluation Evaluation,
    LicenseSource Source,
    string? Location,
    double? Score,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// The order in which sources stand in for missing metadata. The package manifest (package.json, PKG-INFO,
    /// .nuspec inside the archive) is the author's own declaration about this very artifact, the file CodeArtifact
    /// normally reads; a parent POM is also the author's declaration, but inherited (Maven applies it to a child
    /// without &lt;licenses&gt;), so it may be broader than this artifact; a license file is matched by its text, an
    /// inference that can be wrong (a bundled dependency's LICENSE, a modified text), so it comes last.
    /// </summary>
    internal static IReadOnlyList<LicenseSource> Precedence { get; } =
        [LicenseSource.PackageManifest, LicenseSource.ParentPom, LicenseSource.LicenseFile];

    public static LicenseChoice Choose(ReviewSubject subject, LicensePolicy policy, LicenseEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(evaluator);
        var format = subject.Facts.Id.Format;
        var metadata = evaluator.Evaluate(subject.Facts.Licenses, policy, format);
        if (metadata.Standing is not (LicenseStanding.Missing or LicenseStanding.Unknown))
        {
            return new LicenseChoice(metadata, LicenseSource.Metadata, null, null, []);
        }

        var discovery = subject.Evidence.Licenses;
        var notes = new List<string>(discovery.Notes);
        foreach (var source in Precedence)
        {
            var found = discovery.Found.Where(f => f.Source == source).ToList();
            if (found.Count == 0)
            {
                continue;
            }
            if (!Enabled(source, policy.Discovery, out var key))
            {
                notes.Add($"{Name(source)} {Quote(found)} not used: licenses.discovery.{key} is false");
                continue;
            }
            var usable = source == LicenseSource.LicenseFile
                ? found.Where(f => f.Score is { } score && score >= policy.Discovery.MinimumScore).ToList()
                : found;
            if (found.Except(usable).MaxBy(f => f.Score ?? -1) is { } best)
            {
                notes.Add($"the best license text below the threshold: {best.Location} matched {best.License} with score "
                    + $"{FormatScore(best.Score)}, below licenses.discovery.minimumScore {FormatScore(policy.Discovery.MinimumScore)}");
            }
            if (usable.Count == 0)
            {
                continue;
            }
            var evaluation = evaluator.Evaluate([.. usable.Select(f => f.License).Distinct(StringComparer.Ordinal)], policy, format);
            if (evaluation.Standing is LicenseStanding.Missing or LicenseStanding.Unknown)
            {
                notes.Add($"{Name(source)} {Quote(usable)} is not a recognised license");
                continue;
            }
            notes.Add(metadata.Declared.Count == 0
                ? "CodeArtifact's metadata declares no license"
                : $"CodeArtifact's metadata declares {string.Join(" | ", metadata.Declared.Select(d => $"'{d}'"))}, not a recognised license");
            return new LicenseChoice(
                evaluation,
                source,
                string.Join("; ", usable.Select(f => f.Location).Distinct(StringComparer.Ordinal)),
                source == LicenseSource.LicenseFile ? usable.Min(f => f.Score) : null,
                notes);
        }
        return new LicenseChoice(metadata, LicenseSource.Metadata, null, null, notes);
    }

    /// <summary>The verdict's license part.</summary>
    public VerdictLicenses ToVerdict() => new(
        Evaluation.Declared,
        Evaluation.Expression?.ToString(),
        Evaluation.Standing.ToString(),
        SourceName(Source),
        Location,
        Score,
        Notes.Count == 0 ? null : Notes);

    /// <summary>Evidence entries for a license finding: the source when it is not the metadata, and the notes.</summary>
    public IReadOnlyList<(string Key, string? Value)> EvidenceEntries() =>
    [
        ("source", Source == LicenseSource.Metadata ? null : SourceName(Source)),
        ("location", Location),
        ("score", Score is null ? null : FormatScore(Score)),
        ("discovery", Notes.Count == 0 ? null : string.Join("; ", Notes)),
    ];

    /// <summary><c>the parent POM org.apache:apache:23</c>, <c>the license file LICENSE in x.jar (score 0.97)</c>.</summary>
    public string Describe() => Source switch
    {
        LicenseSource.Metadata => "CodeArtifact's metadata",
        LicenseSource.LicenseFile => $"{Name(Source)} {Location} (score {FormatScore(Score)})",
        _ => $"{Name(Source)} {Location}",
    };

    /// <summary><c>metadata</c>, <c>parent-pom</c>, <c>license-file</c>, <c>package-manifest</c>: the verdict's spelling.</summary>
    public static string SourceName(LicenseSource source) => source switch
    {
        LicenseSource.ParentPom => "parent-pom",
        LicenseSource.LicenseFile => "license-file",
        LicenseSource.PackageManifest => "package-manifest",
        _ => "metadata",
    };

    private static string Name(LicenseSource source) => source switch
    {
        LicenseSource.ParentPom => "the parent POM",
        LicenseSource.LicenseFile => "the license file",
        LicenseSource.PackageManifest => "the package manifest",
        _ => "CodeArtifact's metadata",
    };

    private static bool Enabled(LicenseSource source, LicenseDiscoveryPolicy policy, out string key)
    {
        (key, var enabled) = source == LicenseSource.ParentPom ? ("parentPom", policy.ParentPom) : ("archive", policy.Archive);
        return enabled;
    }

    private static string Quote(IEnumerable<DiscoveredLicense> found) =>
        string.Join(", ", found.Select(f => $"'{f.License}' ({f.Location})"));

    internal static string FormatScore(double? score) => score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "none";
}
