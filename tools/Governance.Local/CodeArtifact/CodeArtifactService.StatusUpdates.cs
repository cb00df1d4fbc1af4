namespace Governance.Local.CodeArtifact;

// The batch operations (status update, dispose, delete) with CodeArtifact's all-or-nothing rule.
public sealed partial class CodeArtifactService
{
    /// <summary>
    /// Whether a status change gives the version a new revision. AWS does not document whether it does; the default
    /// (false) keeps the revision, and true plays the other possibility so that a test (or a user, through
    /// <c>governance local up --new-revision-on-status-change</c>) can show the product is safe either way.
    /// </summary>
    public bool NewRevisionOnStatusChange { get; set; }

    public BatchResult UpdatePackageVersionsStatus(
        PackageCoordinate coordinate, IReadOnlyList<string> versions, IReadOnlyDictionary<string, string>? versionRevisions, string? expectedStatus, string targetStatus)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        InputRules.Enum(targetStatus, "targetStatus", InputRules.Statuses);
        if (targetStatus is not (VersionStatus.Published or VersionStatus.Unlisted or VersionStatus.Archived))
        {
            throw CodeArtifactException.Validation(
                $"targetStatus {targetStatus} is not allowed: UpdatePackageVersionsStatus can set Published, Unlisted or Archived (use DisposePackageVersions or DeletePackageVersions for the others)");
        }

        return RunBatch(coordinate, versions, versionRevisions, expectedStatus, (package, record) =>
        {
            if (record.Status is VersionStatus.Disposed or VersionStatus.Deleted)
            {
                return new FailedVersion("NOT_ALLOWED", $"Cannot change the status of version {record.Version} from {record.Status} to {targetStatus}");
            }

            return null;
        }, (package, record) =>
        {
            if (record.Status == targetStatus)
            {
                return;
            }

            record.Status = targetStatus;
            if (NewRevisionOnStatusChange)
            {
                record.Revision = NextRevision(record);
            }

            Commit(coordinate, package, record, "Updated", 0, 0, metadataUpdated: false, statusChanged: true);
        });
    }

    public BatchResult DisposePackageVersions(
        PackageCoordinate coordinate, IReadOnlyList<string> versions, IReadOnlyDictionary<string, string>? versionRevisions, string? expectedStatus)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        return RunBatch(coordinate, versions, versionRevisions, expectedStatus, (_, _) => null, (package, record) =>
        {
            if (record.Status == VersionStatus.Disposed)
            {
                return;
            }

            var released = record.Assets.Select(a => a.Sha256).ToList();
            record.Assets.Clear();
            record.Status = VersionStatus.Disposed;
            record.Revision = NextRevision(record);
            Commit(coordinate, package, record, "Updated", 0, released.Count, metadataUpdated: false, statusChanged: true);
            ReleaseUnreferenced(released);
        });
    }

    public BatchResult DeletePackageVersions(PackageCoordinate coordinate, IReadOnlyList<string> versions, string? expectedStatus)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        ArgumentNullException.ThrowIfNull(versions);
        return RunBatch(coordinate, versions, null, expectedStatus, (_, _) => null, (package, record) =>
        {
            package.Versions.Remove(record);
            record.Status = VersionStatus.Deleted;
            Commit(coordinate, package, record, VersionStatus.Deleted, 0, record.Assets.Count, metadataUpdated: false, statusChanged: true);
            ReleaseUnreferenced(record.Assets.Select(a => a.Sha256));
        });
    }

    /// <summary>
    /// Applies one batch operation with CodeArtifact's documented all-or-nothing behaviour: every version is checked
    /// first; if any fails, the others are reported SKIPPED and nothing changes.
    /// </summary>
    private BatchResult RunBatch(
        PackageCoordinate coordinate,
        IReadOnlyList<string> versions,
        IReadOnlyDictionary<string, string>? versionRevisions,
        string? expectedStatus,
        Func<PackageRecord, VersionRecord, FailedVersion?> check,
        Action<PackageRecord, VersionRecord> apply)
    {
        if (versions.Count is 0 or > 100)
        {
            throw CodeArtifactException.Validation("versions must list between 1 and 100 package versions");
        }

        if (expectedStatus is not null)
        {
            InputRules.Enum(expectedStatus, "expectedStatus", InputRules.Statuses);
        }

        if (versionRevisions is not null)
        {
            var stray = versionRevisions.Keys.FirstOrDefault(k => !versions.Contains(k, StringComparer.Ordinal));
            if (stray is not null)
            {
                throw CodeArtifactException.Validation($"versionRevisions names version {stray}, which is not in versions; list every version in versions too");
            }
        }

        lock (_gate)
        {
            var package = FindPackage(coordinate);
            var failed = new Dictionary<string, FailedVersion>(StringComparer.Ordinal);
            var ready = new List<VersionRecord>();
            foreach (var version in versions.Distinct(StringComparer.Ordinal))
            {
                var record = package.Versions.FirstOrDefault(v => v.Version == version);
                if (record is null)
                {
                    failed[version] = new FailedVersion("NOT_FOUND", $"version {version} not found");
                    continue;
                }

                if (expectedStatus is not null && record.Status != expectedStatus)
                {
                    failed[version] = new FailedVersion("MISMATCHED_STATUS", $"current status: {record.Status}, expected status: {expectedStatus}");
                    continue;
                }

                if (versionRevisions is not null && versionRevisions.TryGetValue(version, out var expectedRevision) && expectedRevision != record.Revision)
                {
                    failed[version] = new FailedVersion("MISMATCHED_REVISION", $"current revision: {record.Revision}, expected revision: {expectedRevision}");
                    continue;
                }

                var refusal = check(package, record);
                if (refusal is not null)
                {
                    failed[version] = refusal;
                    continue;
                }

                ready.Add(record);
            }

            var successful = new Dictionary<string, SuccessfulVersion>(StringComparer.Ordinal);
            if (failed.Count > 0)
            {
                foreach (var record in ready)
                {
                    failed[record.Version] = new FailedVersion("SKIPPED", $"version {record.Version} is skipped");
                }

                return new BatchResult(successful, failed);
            }

            foreach (var record in ready)
            {
                apply(package, record);
                successful[record.Version] = new SuccessfulVersion(record.Revision, record.Status);
            }

            // Nothing to persist here: each apply that changes a version commits it (journal line and event).
            return new BatchResult(successful, failed);
        }
    }

    /// </summary>
    private void ReleaseUnreferenced(IEnumerable<string> sha256s)
    {
        if (_content is null)
        {
            return;
        }

        var candidates = sha256s.ToHashSet(StringComparer.Ordinal);
        if (candidates.Count == 0)
        {
            return;
        }

        var referenced = _state.Domains.Values
            .SelectMany(d => d.Repositories.Values)
            .SelectMany(r => r.Packages.Values)
            .SelectMany(p => p.Versions)
            .SelectMany(v => v.Assets)
            .Select(a => a.Sha256)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var sha256 in candidates.Where(c => !referenced.Contains(c)))
        {
            _content.Release(sha256);
        }
    }
}
