using System.Security.Cryptography;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Core.Tests.Workflow.Fakes;

/// <summary>
/// An in-memory package source: the edge port of the review workflow, faked only in the unit tests of the reviewer
/// and of the function handlers (the end-to-end tests use the real CodeArtifact protocol against the local stack).
/// Thread-safe, so concurrent reviews and sweeps can race on it. Like CodeArtifact, an Archived version serves no
/// asset and a status update keeps the revision (the local stand-in does the same), unless
/// <see cref="NewRevisionOnStatusChange"/> plays the possibility AWS leaves undocumented.
/// </summary>
public sealed class InMemoryPackageSource : IPackageSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (PackageVersionFacts Facts, Dictionary<string, byte[]> Assets)> _versions = [];
    private int _statusChanges;

    /// <summary>Whether a status change (the reviewer's or a person's) gives the version a new revision, as AWS may.</summary>
    public bool NewRevisionOnStatusChange { get; set; }

    public List<(PackageVersionId Id, PackageVersionStatus Target)> StatusUpdates { get; } = [];

    /// <summary>Every asset download, by version and asset name.</summary>
    public List<(PackageVersionId Id, string Asset)> Downloads { get; } = [];

    /// <summary>Package names whose describe call fails as a throttled or broken connection would.</summary>
    public HashSet<string> FailingNames { get; } = [];

    /// <summary>Package names CodeArtifact refuses to describe as invalid (ValidationException), as a name outside its rules is.</summary>
    public HashSet<string> UnreadableNames { get; } = [];

    /// <summary>Package names whose asset listing is refused as invalid (described fine).</summary>
    public HashSet<string> UnlistableNames { get; } = [];

    /// <summary>Package names whose status update is refused as invalid too.</summary>
    public HashSet<string> UnsettableNames { get; } = [];

    public void Add(PackageVersionId id, IReadOnlyList<string> licenses, params (string Name, byte[] Bytes)[] assets) =>
        Add(id, licenses, "INTERNAL", DateTimeOffset.UtcNow, assets);

    public void Add(PackageVersionId id, IReadOnlyList<string> licenses, string originType, DateTimeOffset publishedTime, params (string Name, byte[] Bytes)[] assets)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            _versions[id.ToString()] = (
                new PackageVersionFacts(id, PackageVersionStatus.Published, "rev-1", licenses, originType, publishedTime),
                assets.ToDictionary(a => a.Name, a => a.Bytes));
        }
    }

    /// <summary>Adds an asset to an existing version (as a Maven upload to a published version does): a new revision.</summary>
    public void AddAsset(PackageVersionId id, string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            var (facts, assets) = _versions[id.ToString()];
            assets[name] = bytes;
            _versions[id.ToString()] = (facts with { Revision = $"rev-{assets.Count}" }, assets);
        }
    }

    /// <summary>A person's status change (update-package-versions-status by hand), not recorded as the reviewer's.</summary>
    public void SetStatusByHand(PackageVersionId id, PackageVersionStatus status)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            var (facts, assets) = _versions[id.ToString()];
            _versions[id.ToString()] = (WithStatus(facts, status), assets);
        }
    }

    /// <summary>The version's current revision.</summary>
    public string RevisionOf(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return _versions[id.ToString()].Facts.Revision;
        }
    }

    private PackageVersionFacts WithStatus(PackageVersionFacts facts, PackageVersionStatus status) =>
        facts with { Status = status, Revision = NewRevisionOnStatusChange ? $"{facts.Revision}+status-{++_statusChanges}" : facts.Revision };

    public PackageVersionStatus StatusOf(PackageVersionId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return _versions[id.ToString()].Facts.Status;
        }
    }

    private static PackageVersionUnreadableException Invalid(string operation, PackageVersionId id) =>
        new($"{operation} refused {id}: ValidationException: 1 validation error detected (test fault)", "ValidationException", new InvalidOperationException("test fault"));

    public Task<PackageVersionFacts> DescribeVersionAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return FailingNames.Contains(id.Name) ? throw new HttpRequestException("connection reset by peer (test fault)")
                : UnreadableNames.Contains(id.Name) ? throw Invalid("DescribePackageVersion", id)
                : _versions.TryGetValue(id.ToString(), out var v) ? Task.FromResult(v.Facts) : throw new PackageVersionNotFoundException($"{id} not found");
        }
    }

    public Task<IReadOnlyList<AssetDescriptor>> ListAssetsAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return UnlistableNames.Contains(id.Name) ? throw Invalid("ListPackageVersionAssets", id) : Task.FromResult<IReadOnlyList<AssetDescriptor>>([.. _versions[id.ToString()].Assets.Select(a =>
                new AssetDescriptor(a.Key, a.Value.Length, new Dictionary<string, string> { ["SHA-256"] = Convert.ToHexStringLower(SHA256.HashData(a.Value)) }))]);
        }
    }

    public Task<Stream> OpenAssetAsync(PackageVersionId id, string assetName, string revision, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var (facts, assets) = _versions[id.ToString()];
            if (facts.Status == PackageVersionStatus.Archived)
            {
                // CodeArtifact serves no asset of an Archived version.
                throw new PackageVersionNotFoundException($"{id} is Archived: its assets cannot be downloaded");
            }

            Downloads.Add((id, assetName));
            return Task.FromResult<Stream>(new MemoryStream(assets[assetName], writable: false));
        }
    }

    public Task<StatusUpdateOutcome> UpdateStatusAsync(PackageVersionId id, PackageVersionStatus? expectedStatus, string? revision, PackageVersionStatus targetStatus, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (UnsettableNames.Contains(id.Name))
            {
                throw Invalid("UpdatePackageVersionsStatus", id);
            }

            var (facts, assets) = _versions[id.ToString()];
            if (expectedStatus is { } expected && facts.Status != expected)
            {
                return Task.FromResult(StatusUpdateOutcome.MismatchedStatus);
            }

            if (revision is not null && revision != facts.Revision)
            {
                return Task.FromResult(StatusUpdateOutcome.MismatchedRevision);
            }

            _versions[id.ToString()] = (WithStatus(facts, targetStatus), assets);
            StatusUpdates.Add((id, targetStatus));
            return Task.FromResult(StatusUpdateOutcome.Succeeded);
        }
    }
}
