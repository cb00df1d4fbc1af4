using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

// Record → view mappers, taken under the service lock.
public sealed partial class CodeArtifactService
{
    private DomainView ToView(DomainRecord d) => new(
        d.Name,
        d.Owner,
        $"arn:aws:codeartifact:{Region}:{d.Owner}:domain/{d.Name}",
        d.CreatedTime,
        d.EncryptionKey,
        d.Repositories.Count,
        d.Repositories.Values.SelectMany(r => r.Packages.Values).SelectMany(p => p.Versions).SelectMany(v => v.Assets).Sum(a => a.Size));

    private RepositoryView ToView(DomainRecord d, RepositoryRecord r) => new(
        r.Name,
        d.Name,
        d.Owner,
        $"arn:aws:codeartifact:{Region}:{d.Owner}:repository/{d.Name}/{r.Name}",
        r.Description,
        r.CreatedTime,
        r.Upstreams.ToList(),
        r.ExternalConnections.Select(e => new ExternalConnectionView(e, ExternalConnections.FormatOf(e) ?? "generic")).ToList());

    private static PackageView ToView(PackageRecord p) => new(p.Format, p.Namespace, p.Name, p.Publish, p.Upstream);

    private static AssetView ToView(AssetRecord a) => new(a.Name, new AssetHashes(a.Size, a.Md5, a.Sha1, a.Sha256, a.Sha512));

    private static VersionView ToView(string repository, PackageRecord p, VersionRecord v) => new(
        p.Format,
        p.Namespace,
        p.Name,
        v.Version,
        v.Status,
        v.Revision,
        v.PublishedTime,
        v.OriginType,
        repository,
        v.EntryPointExternalConnection is null ? v.EntryPointRepository ?? repository : null,
        v.EntryPointExternalConnection,
        v.Summary,
        v.HomePage,
        v.SourceCodeRepository,
        v.Licenses.Select(l => new LicenseView(l.Name, l.Url)).ToList(),
        v.Assets.Select(ToView).ToList());
}
