using System.Text.Json;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Evidence.Registries;

/// <summary>
/// npm's own digests of a version's tarball: <c>versions[v].dist.integrity</c> (SRI, SHA-512 for anything published
/// since 2017) and <c>dist.shasum</c> (hex SHA-1), with <c>time[v]</c> as the publication time. One request per
/// version: <c>GET {base}/{name}</c> (scoped: <c>@scope%2fname</c>), the full packument, because the abbreviated
/// install document has no <c>time</c> and the per-version document has neither <c>time</c> nor a smaller cost on
/// the registry's CDN.
/// </summary>
public sealed class NpmRegistry(HttpClient client, Uri baseUri, EvidenceHttpOptions http) : IPublicRegistry
{
    /// <summary>CodeArtifact names the single asset of every npm version this way.</summary>
    public const string TarballAsset = "package.tgz";

    public async Task<RegistryEvidence> DescribeAsync(PackageVersionId id, IReadOnlyList<AssetDescriptor> assets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var source = baseUri.AbsoluteUri;
        var scope = id.Namespace?.TrimStart('@');
        var path = string.IsNullOrEmpty(scope)
            ? Uri.EscapeDataString(id.Name)
            : "@" + Uri.EscapeDataString(scope) + "%2f" + Uri.EscapeDataString(id.Name);
        var uri = new Uri(baseUri, path);
        var response = await EvidenceHttp.SendAsync(client, () => Request(uri), http, cancellationToken).ConfigureAwait(false);
        if (response.NotFound)
        {
            return Answer(RegistryStatus.NotFound, null, null, $"{source} has no package {Display(scope, id.Name)}");
        }

        if (!response.Succeeded)
        {
            return Answer(RegistryStatus.Unreachable, null, null, $"{uri} {response.Problem}");
        }

        NpmVersionDist dist;
        try
        {
            dist = NpmPackumentReader.Read(response.Body, id.Version);
        }
        catch (JsonException e)
        {
            return Answer(RegistryStatus.Unreachable, null, null, $"{uri} answered a packument that cannot be read: {e.Message}");
        }

        if (!dist.Listed)
        {
            return Answer(RegistryStatus.NotFound, null, dist.PublishedAt, $"{source} lists no version {id.Version} of {Display(scope, id.Name)}");
        }

        var digests = RegistryDigests.Sri(dist.Integrity);
        if (RegistryDigests.Hex(dist.Shasum, HashKind.Sha1) is { } sha1)
        {
            digests.TryAdd(HashKind.Sha1, sha1);
        }

        return digests.Count == 0
            ? Answer(RegistryStatus.NotFound, null, dist.PublishedAt, $"{source} lists {Display(scope, id.Name)} {id.Version} without a readable dist.integrity or dist.shasum")
            : Answer(RegistryStatus.Found, digests, dist.PublishedAt, null);

        RegistryEvidence Answer(RegistryStatus status, Dictionary<HashKind, string>? found, DateTimeOffset? at, string? problem) =>
            new(status, source, found is null
                ? new Dictionary<string, IReadOnlyDictionary<HashKind, string>>(StringComparer.Ordinal)
                : new Dictionary<string, IReadOnlyDictionary<HashKind, string>>(StringComparer.Ordinal) { [TarballAsset] = found },
                at, problem);
    }

    private static HttpRequestMessage Request(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static string Display(string? scope, string name) => string.IsNullOrEmpty(scope) ? name : $"@{scope}/{name}";
}
