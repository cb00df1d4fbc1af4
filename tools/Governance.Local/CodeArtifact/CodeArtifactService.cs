using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Ports;
using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// The emulated CodeArtifact state machine, free of HTTP: domains, repositories, packages, versions and their
/// status rules. Every mutation runs under one lock, is first reported to the change sink (which journals it as the
/// EventBridge event) and then persisted atomically, in commit order: a kill between the two can leave an event for a
/// change never stored (answered "Gone"), never a stored change without its event.
/// </summary>
public sealed partial class CodeArtifactService
{
    private readonly object _gate = new();
    private readonly CodeArtifactStore _store;
    private readonly CodeArtifactState _state;
    private readonly IClock _clock;
    private readonly IPackageChangeSink _sink;
    private readonly IAssetContentStore? _content;
    private readonly Faults.LocalCrashPoint? _crashPoint;

    /// <param name="crashPoint">Tests only: where <see cref="Commit"/> kills the process (null: never).</param>
    public CodeArtifactService(string dataFolder, string region, IClock clock, IPackageChangeSink sink, IAssetContentStore? content = null,
        Faults.LocalCrashPoint? crashPoint = null)
    {
        _content = content;
        _crashPoint = crashPoint;
        ArgumentNullException.ThrowIfNull(dataFolder);
        Directory.CreateDirectory(dataFolder);
        Region = region;
        _clock = clock;
        _sink = sink;
        _store = new CodeArtifactStore(dataFolder);
        AtomicFile.DeleteLeftoverTempFiles(dataFolder);
        _state = _store.Load();
    }

    public string Region { get; }

    /// <summary>
    /// Reports one committed change: first to the change sink, whose event bus writes the event to its log (the
    /// durable queue the review function is fed from), then to the package store.
    /// </summary>
    /// <remarks>
    /// The order is what makes a lost review impossible. Stored first and journaled second, a <c>kill -9</c> between
    /// the two left a version that no event would ever name: installable, never reviewed. Journaled first, the same
    /// kill leaves at worst an event naming a change that was never stored; the client got no answer and retries,
    /// and the reviewer answers the orphan "Gone" (nothing to review), which is harmless. The alternative — store
    /// first and, at start-up, re-emit the events of every package whose <c>SequenceNumber</c> is past the last one
    /// in the event log — needs a scan of both logs on every start and can only rebuild a "sync" event for a
    /// version's current state (the journal line that said which version changed is gone after compaction), so it
    /// was not chosen. In process nobody can act on the event before the save: Commit runs under <c>_gate</c>, and
    /// every read (the reviewer's DescribePackageVersion included) waits for it.
    /// </remarks>
    private void Commit(PackageCoordinate coordinate, PackageRecord package, VersionRecord record, string operation, int assetsAdded, int assetsRemoved, bool metadataUpdated, bool statusChanged)
    {
        package.SequenceNumber++;
        var domain = _state.Domains[coordinate.Domain];
        _sink.OnChange(new PackageVersionChange(
            domain.Name,
            domain.Owner,
            coordinate.Repository,
            package.Format,
            package.Namespace,
            package.Name,
            record.Version,
            record.Status,
            record.Revision,
            assetsAdded,
            assetsRemoved,
            AssetsUpdated: 0,
            metadataUpdated,
            statusChanged,
            operation,
            package.SequenceNumber));
        _crashPoint?.Reached(Faults.LocalCrashPoint.EventJournaled);
        SavePackage(coordinate, package);
        _crashPoint?.Reached(Faults.LocalCrashPoint.PackageSaved);
    }

    private void Save() => _store.SaveAll(_state);

    private void SavePackage(PackageCoordinate coordinate, PackageRecord package) =>
        _store.SavePackage(_state, coordinate.Domain, coordinate.Repository, PackageKey(coordinate), package);

    /// <summary>
    /// Disposed and deleted assets are gone for good (CodeArtifact stops storing them); content still referenced by
    /// another version stays. Runs after the snapshot commits, so a crash in between only leaves an orphan blob.

    /// <summary>An opaque 44-character base64 revision over the version's assets and metadata plus a counter.</summary>
    private string NextRevision(VersionRecord record)
    {
        _state.RevisionCounter++;
        var material = new StringBuilder()
            .Append(record.Version).Append('\n')
            .Append(string.Join(",", record.Assets.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => a.Name + ":" + a.Sha256))).Append('\n')
            .Append(string.Join(",", record.Licenses.Select(l => l.Name + "|" + l.Url))).Append('\n')
            .Append(record.Summary).Append('\n')
            .Append(_state.RevisionCounter.ToString(CultureInfo.InvariantCulture));
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())));
    }

    private DomainRecord FindDomain(string domain, string? owner)
    {
        InputRules.OptionalAccount(owner);
        if (_state.Domains.TryGetValue(domain, out var record) && (owner is null || owner == record.Owner))
        {
            return record;
        }

        throw CodeArtifactException.NotFound($"Domain {domain} not found{(owner is null ? string.Empty : " in account " + owner)}", domain, "domain");
    }

    private static RepositoryRecord FindRepository(DomainRecord domain, string repository)
    {
        if (domain.Repositories.TryGetValue(repository, out var record))
        {
            return record;
        }

        throw CodeArtifactException.NotFound($"Repository {repository} not found in domain {domain.Name}", repository, "repository");
    }

    private PackageRecord FindPackage(PackageCoordinate coordinate)
    {
        var repo = FindRepository(FindDomain(coordinate.Domain, coordinate.DomainOwner), coordinate.Repository);
        if (repo.Packages.TryGetValue(PackageKey(coordinate), out var package))
        {
            return package;
        }

        throw CodeArtifactException.NotFound(
            $"Package {coordinate.DisplayName} of format {coordinate.Format} not found in repository {coordinate.Repository}", coordinate.Package, "package");
    }

    private static VersionRecord FindVersion(PackageRecord package, PackageCoordinate coordinate, string version) =>
        package.Versions.FirstOrDefault(v => v.Version == version)
        ?? throw CodeArtifactException.NotFound(
            $"Package version {version} of package {coordinate.DisplayName} not found in repository {coordinate.Repository}", version, "package-version");

    /// <summary>
    /// The package, created on first use with CodeArtifact's default origin controls for how its first version
    /// arrives (user guide, "Editing package origin controls"): published directly → publish ALLOW, upstream BLOCK;
    /// from an upstream or external connection → publish BLOCK, upstream ALLOW. That default is what stops a public
    /// package of the same name from substituting an internal one, and the reverse.
    /// </summary>
    private static PackageRecord GetOrAddPackage(RepositoryRecord repo, PackageCoordinate coordinate, PackageArrival arrival)
    {
        var key = PackageKey(coordinate);
        if (!repo.Packages.TryGetValue(key, out var package))
        {
            var (publish, upstream) = arrival switch
            {
                PackageArrival.Published => (OriginRestriction.Allow, OriginRestriction.Block),
                PackageArrival.FromUpstream => (OriginRestriction.Block, OriginRestriction.Allow),
                _ => (OriginRestriction.Allow, OriginRestriction.Allow),
            };
            package = new PackageRecord
            {
                Format = coordinate.Format, Namespace = coordinate.Namespace, Name = coordinate.Package, Publish = publish, Upstream = upstream,
            };
            repo.Packages[key] = package;
        }

        return package;
    }

    public static string PackageKey(PackageCoordinate coordinate)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        return $"{coordinate.Format}/{coordinate.Namespace}/{coordinate.Package}";
    }

    private double Now() => _clock.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
