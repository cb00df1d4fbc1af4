using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Core.Workflow;

/// <summary>
/// The one notion of "the same content" across revisions of a version: the same licenses and the same assets (names
/// and SHA-256), compared with what a decision's recorded subject (<see cref="ReviewSubjectDocument"/>) says it looked
/// at. A status change may give the version a new revision while its content stays; a new asset or new metadata is a
/// change of content and gets a review of its own. Reads ListPackageVersionAssets only: nothing is downloaded.
/// </summary>
internal static class RevisionContent
{
    /// <summary>Without a recorded subject there is nothing to compare, so it counts as new content.</summary>
    public static async Task<bool> SameAsync(IPackageSource source, PackageVersionFacts facts, ReviewSubject? subject, CancellationToken cancellationToken)
    {
        if (subject is null || !facts.Licenses.SequenceEqual(subject.Facts.Licenses, StringComparer.Ordinal))
        {
            return false;
        }

        var assets = await source.ListAssetsAsync(facts.Id, cancellationToken).ConfigureAwait(false);
        var now = assets.Select(a => Fingerprint(a.Name, a.Hashes)).Order(StringComparer.Ordinal);
        var then = subject.Assets.Select(a => Fingerprint(a.Name, a.ExpectedHashes)).Order(StringComparer.Ordinal);
        return now.SequenceEqual(then, StringComparer.Ordinal);
    }

    /// <summary>The recorded subject of a decision, or null when it did not fit the record.</summary>
    public static ReviewSubject? SubjectOf(DecisionRecord record) =>
        record.SubjectJson is { } json ? ReviewSubjectDocument.Parse(json) : null;

    private static string Fingerprint(string name, IReadOnlyDictionary<string, string> hashes) =>
        name + "\n" + (hashes.TryGetValue("SHA-256", out var sha) ? sha : "");
}
