using System.Collections.Concurrent;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Evidence.Registries;

/// <summary>
/// Maven Central's own digests: the checksum files beside each file of a version,
/// <c>{base}/{group/as/path}/{artifactId}/{version}/{asset}.sha512</c> (and <c>.sha256</c>, <c>.sha1</c>).
/// </summary>
/// <remarks>
/// Requests per asset: the strongest algorithm is asked first and the first one found ends the asset, because one
/// registry digest already gives a full three-way check (CodeArtifact records every algorithm) and a weaker one adds
/// nothing once a stronger one agrees. Recent uploads carry <c>.sha512</c>: 1 request; older ones only <c>.sha1</c>
/// (and <c>.md5</c>, never asked: <c>.sha1</c> is always beside it): 3 requests, two of them 404s. PublishedAt is the
/// <c>Last-Modified</c> of the POM's checksum file (uploaded with the POM), so it costs no extra request.
/// </remarks>
public sealed class MavenCentralRegistry(HttpClient client, Uri baseUri, EvidenceHttpOptions http, int maxAssets = 32, int parallelism = 4) : IPublicRegistry
{
    private static readonly HashKind[] Preference = [HashKind.Sha512, HashKind.Sha256, HashKind.Sha1];
    private static readonly string[] ChecksumExtensions = [".md5", ".sha1", ".sha256", ".sha512"];

    public async Task<RegistryEvidence> DescribeAsync(PackageVersionId id, IReadOnlyList<AssetDescriptor> assets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(assets);
        var source = baseUri.AbsoluteUri;
        var folder = VersionFolder(id);
        if (folder is null)
        {
            return Answer(RegistryStatus.NotFound, [], null, $"{id} is not a Maven coordinate Maven Central can hold (groupId, artifactId and version must be plain path segments)");
        }

        var names = assets.Select(asset => asset.Name)
            .Where(name => IsSegment(name) && !ChecksumExtensions.Any(ext => name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            return Answer(RegistryStatus.NotFound, [], null, "CodeArtifact lists no asset of the version to look up");
        }

        var asked = names.Take(maxAssets).ToList();
        var results = new ConcurrentDictionary<string, AssetAnswer>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            asked,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (name, token) => results[name] = await AskAsync(folder, name, token).ConfigureAwait(false)).ConfigureAwait(false);

        var found = asked.Where(name => results[name].Kind is not null)
            .ToDictionary(name => name, name => (IReadOnlyDictionary<HashKind, string>)new Dictionary<HashKind, string> { [results[name].Kind!.Value] = results[name].Hex! }, StringComparer.Ordinal);
        var published = PublishedAt(asked, results);
        var failed = asked.Where(name => results[name].Problem is not null).ToList();
        if (failed.Count > 0)
        {
            return Answer(RegistryStatus.Unreachable, found, published, string.Join("; ", failed.Select(name => $"{name}: {results[name].Problem}")));
        }

        if (found.Count == 0)
        {
            return Answer(RegistryStatus.NotFound, found, null, $"no checksum file (.sha512, .sha256, .sha1) for any asset of {id} under {source}");
        }

        var missing = asked.Where(name => !found.ContainsKey(name)).ToList();
        var notes = new List<string>();
        if (missing.Count > 0)
        {
            notes.Add($"no checksum file for {string.Join(", ", missing)}");
        }

        if (names.Count > asked.Count)
        {
            notes.Add($"asked for the first {asked.Count} of {names.Count} assets");
        }

        return Answer(RegistryStatus.Found, found, published, notes.Count > 0 ? string.Join("; ", notes) : null);

        RegistryEvidence Answer(RegistryStatus status, Dictionary<string, IReadOnlyDictionary<HashKind, string>> digests, DateTimeOffset? at, string? problem) =>
            new(status, source, digests, at, problem);
    }

    /// <summary>Strongest first; a 404 moves on to the next algorithm, any other failure ends the asset as a problem.</summary>
    private async Task<AssetAnswer> AskAsync(Uri folder, string asset, CancellationToken cancellationToken)
    {
        string? malformed = null;
        foreach (var kind in Preference)
        {
            var extension = "." + kind.Slug();
            var uri = new Uri(folder, Uri.EscapeDataString(asset + extension));
            var response = await EvidenceHttp.SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, uri), http, cancellationToken).ConfigureAwait(false);
            if (response.NotFound)
            {
                continue;
            }

            if (!response.Succeeded)
            {
                return new AssetAnswer(null, null, null, $"{extension} {response.Problem}");
            }

            if (RegistryDigests.ChecksumFile(response.Body, kind) is { } hex)
            {
                return new AssetAnswer(kind, hex, response.LastModified, null);
            }

            // A garbled file is remembered but a weaker algorithm may still be readable.
            malformed ??= $"{extension} does not hold a {kind.WireName()} digest";
        }

        return new AssetAnswer(null, null, null, malformed);
    }

    /// <summary>The POM's checksum file's <c>Last-Modified</c>, else the earliest of the others.</summary>
    private static DateTimeOffset? PublishedAt(List<string> asked, ConcurrentDictionary<string, AssetAnswer> results)
    {
        var pom = asked.FirstOrDefault(name => name.EndsWith(".pom", StringComparison.Ordinal) && results[name].LastModified is not null);
        return pom is not null ? results[pom].LastModified : asked.Select(name => results[name].LastModified).Where(at => at is not null).Min();
    }

    private Uri? VersionFolder(PackageVersionId id)
    {
        if (string.IsNullOrEmpty(id.Namespace) || !IsSegment(id.Name) || !IsSegment(id.Version))
        {
            return null;
        }

        var groups = id.Namespace.Split('.');
        if (!groups.All(IsSegment))
        {
            return null;
        }

        var path = string.Join('/', groups.Append(id.Name).Append(id.Version).Select(Uri.EscapeDataString)) + "/";
        return new Uri(baseUri, path);
    }

    private static bool IsSegment(string? name) =>
        !string.IsNullOrEmpty(name) && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0']) < 0;

    private sealed record AssetAnswer(HashKind? Kind, string? Hex, DateTimeOffset? LastModified, string? Problem);
}
