namespace Governance.Local.CodeArtifact;

/// <summary>
/// CopyPackageVersions' request rules and per-version checks (API reference, CopyPackageVersions and
/// PackageVersionError; user guide, "Copy packages between repositories"), free of state.
/// </summary>
public static class CopyRules
{
    /// <summary>The versions to copy with the revision each must have in the source (null: any).</summary>
    public static IReadOnlyList<(string Version, string? Revision)> Validate(CopyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Versions is null == request.VersionRevisions is null)
        {
            // The model: "You must specify versions or versionRevisions. You cannot specify both."
            throw CodeArtifactException.Validation("You must specify versions or versionRevisions. You cannot specify both.");
        }

        if (request.Source.Repository == request.DestinationRepository)
        {
            throw CodeArtifactException.Validation("sourceRepository and destinationRepository must be different repositories");
        }

        if (request.Source.Format is "maven" or "generic" or "swift" && request.Source.Namespace is null)
        {
            throw CodeArtifactException.Validation($"namespace is required when copying {request.Source.Format} package versions");
        }

        var wanted = request.Versions is not null
            ? request.Versions.Distinct(StringComparer.Ordinal).Select(v => (v, (string?)null)).ToList()
            : request.VersionRevisions!.Select(p => (p.Key, (string?)p.Value)).ToList();
        if (wanted.Count is 0 or > 100)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value at '{(request.Versions is null ? "versionRevisions" : "versions")}' failed to satisfy constraint: Member must have between 1 and 100 items");
        }

        foreach (var (version, revision) in wanted)
        {
            InputRules.Coordinate(version, "versions");
            if (revision is { Length: 0 or > 50 })
            {
                throw CodeArtifactException.Validation($"The revision of version {version} in versionRevisions must be 1 to 50 characters long");
            }
        }

        return wanted;
    }

    /// <summary>Why one version cannot be copied, or null when it can.</summary>
    /// <param name="found">The version as the source (or, with includeFromUpstream, an upstream) holds it; null when none does.</param>
    /// <param name="publishBlocked">The destination's origin controls (the package's, or its group's PUBLISH) refuse new versions.</param>
    public static FailedVersion? Check(string version, VersionRecord? found, string? expectedRevision, bool publishBlocked)
    {
        if (found is null)
        {
            return new FailedVersion("NOT_FOUND", $"Could not find version {version}");
        }

        if (expectedRevision is not null && expectedRevision != found.Revision)
        {
            return new FailedVersion("MISMATCHED_REVISION", $"current revision: {found.Revision}, expected revision: {expectedRevision}");
        }

        if (found.Status is VersionStatus.Disposed or VersionStatus.Deleted)
        {
            // A disposed version has no assets left to copy.
            return new FailedVersion("NOT_ALLOWED", $"Version {version} has status {found.Status} and cannot be copied");
        }

        if (publishBlocked)
        {
            return new FailedVersion("NOT_ALLOWED", $"Version {version} cannot be copied: the destination's origin configuration blocks publishing this package");
        }

        return null;
    }

    /// <summary>Same assets and version-level metadata: the copy is a no-op that succeeds without being listed.</summary>
    public static bool SameContent(VersionRecord a, VersionRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        static string Assets(VersionRecord v) => string.Join("\n", v.Assets.Select(x => x.Name + "\0" + x.Sha256).Order(StringComparer.Ordinal));
        static string Licenses(VersionRecord v) => string.Join("\n", v.Licenses.Select(l => l.Name + "\0" + l.Url));
        return Assets(a) == Assets(b) && Licenses(a) == Licenses(b)
               && a.Summary == b.Summary && a.HomePage == b.HomePage && a.SourceCodeRepository == b.SourceCodeRepository
               && a.NpmManifestJson == b.NpmManifestJson;
    }

    /// <summary>The destination's record: status, revision, publication time, origin, metadata and assets as in the source.</summary>
    public static VersionRecord Clone(VersionRecord v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new VersionRecord
        {
            Version = v.Version,
            Status = v.Status,
            Revision = v.Revision,
            PublishedTime = v.PublishedTime,
            OriginType = v.OriginType,
            EntryPointRepository = v.EntryPointRepository,
            EntryPointExternalConnection = v.EntryPointExternalConnection,
            Summary = v.Summary,
            HomePage = v.HomePage,
            SourceCodeRepository = v.SourceCodeRepository,
            Licenses = v.Licenses.Select(l => new LicenseRecord { Name = l.Name, Url = l.Url }).ToList(),
            Assets = v.Assets.Select(a => new AssetRecord { Name = a.Name, Size = a.Size, Md5 = a.Md5, Sha1 = a.Sha1, Sha256 = a.Sha256, Sha512 = a.Sha512 }).ToList(),
            NpmManifestJson = v.NpmManifestJson,
        };
    }
}
