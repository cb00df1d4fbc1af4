using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Evidence.Registries;

/// <summary>
/// The public registry for a version's format: Maven Central for <c>maven</c>, npmjs for <c>npm</c>, PyPI for
/// <c>pypi</c>. Other formats, and registries switched off, are answered <see cref="RegistryStatus.NotQueried"/>.
/// It answers for any version it is asked about; whether to ask (origin EXTERNAL) is the reviewer's decision.
/// </summary>
public sealed class PublicRegistries : IPublicRegistry
{
    private readonly Dictionary<string, IPublicRegistry> _byFormat = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="client">Shared by the adapters; its own timeout should be infinite or longer than the options'
    /// per-attempt timeouts, which <see cref="EvidenceHttp"/> enforces.</param>
    public PublicRegistries(HttpClient client, PublicRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MavenCentral is { } maven)
        {
            _byFormat["maven"] = new MavenCentralRegistry(client, maven, options.Http, options.MaxMavenAssets, options.MavenParallelism);
        }

        if (options.Npm is { } npm)
        {
            _byFormat["npm"] = new NpmRegistry(client, npm, options.NpmHttp);
        }

        if (options.Pypi is { } pypi)
        {
            _byFormat["pypi"] = new PypiRegistry(client, pypi, options.Http);
        }
    }

    public Task<RegistryEvidence> DescribeAsync(PackageVersionId id, IReadOnlyList<AssetDescriptor> assets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byFormat.TryGetValue(id.Format, out var registry)
            ? registry.DescribeAsync(id, assets, cancellationToken)
            : Task.FromResult(RegistryEvidence.NotQueried(
                id.Format.ToLowerInvariant() is "maven" or "npm" or "pypi"
                    ? $"the public registry for {id.Format} is switched off"
                    : $"no public registry is known for format {id.Format}"));
    }
}
