using System.Globalization;
using System.Text;
using System.Text.Json;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Evidence.Registries;

/// <summary>
/// PyPI's own digests: one request, <c>GET {base}/pypi/{name}/{version}/json</c>, whose <c>urls[]</c> lists each file
/// of the release with <c>digests.sha256</c> (and <c>md5</c>) and <c>upload_time_iso_8601</c>. CodeArtifact names a
/// PyPI asset by its file name, so files are matched by name. The answer is small (one release), so a document model
/// within the shared size bound is fine here.
/// </summary>
public sealed class PypiRegistry(HttpClient client, Uri baseUri, EvidenceHttpOptions http) : IPublicRegistry
{
    public async Task<RegistryEvidence> DescribeAsync(PackageVersionId id, IReadOnlyList<AssetDescriptor> assets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(assets);
        var source = baseUri.AbsoluteUri;
        var uri = new Uri(baseUri, $"pypi/{Uri.EscapeDataString(Normalize(id.Name))}/{Uri.EscapeDataString(id.Version)}/json");
        var response = await EvidenceHttp.SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, uri), http, cancellationToken).ConfigureAwait(false);
        var none = new Dictionary<string, IReadOnlyDictionary<HashKind, string>>(StringComparer.Ordinal);
        if (response.NotFound)
        {
            return new(RegistryStatus.NotFound, source, none, null, $"{source} has no release {id.Name} {id.Version}");
        }

        if (!response.Succeeded)
        {
            return new(RegistryStatus.Unreachable, source, none, null, $"{uri} {response.Problem}");
        }

        List<PypiFile> files;
        try
        {
            files = ReadFiles(response.Body);
        }
        catch (JsonException e)
        {
            return new(RegistryStatus.Unreachable, source, none, null, $"{uri} answered JSON that cannot be read: {e.Message}");
        }

        var wanted = assets.Select(asset => asset.Name).ToHashSet(StringComparer.Ordinal);
        var found = files
            .Where(file => file.Digests.Count > 0 && (wanted.Count == 0 || wanted.Contains(file.Name)))
            .GroupBy(file => file.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (IReadOnlyDictionary<HashKind, string>)group.First().Digests, StringComparer.Ordinal);
        var published = files.Select(file => file.UploadedAt).Where(at => at is not null).Min();
        return found.Count == 0
            ? new(RegistryStatus.NotFound, source, found, published, $"{source} lists no digest for any file of {id.Name} {id.Version} named as in CodeArtifact ({string.Join(", ", wanted)})")
            : new(RegistryStatus.Found, source, found, published, null);
    }

    /// <summary>PEP 503 normalization: lower case, each run of <c>-</c>, <c>_</c>, <c>.</c> one <c>-</c> (what PyPI redirects to).</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
        {
            if (c is '-' or '_' or '.')
            {
                if (builder.Length == 0 || builder[^1] != '-')
                {
                    builder.Append('-');
                }
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <exception cref="JsonException">Not JSON, or not an object.</exception>
    private static List<PypiFile> ReadFiles(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the answer is not a JSON object");
        }

        var files = new List<PypiFile>();
        if (!root.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array)
        {
            return files;
        }

        foreach (var file in urls.EnumerateArray().Where(file => file.ValueKind == JsonValueKind.Object))
        {
            if (Text(file, "filename") is not { Length: > 0 } name)
            {
                continue;
            }

            var digests = new Dictionary<HashKind, string>();
            if (file.TryGetProperty("digests", out var published) && published.ValueKind == JsonValueKind.Object)
            {
                Add(digests, HashKind.Sha256, Text(published, "sha256"));
                Add(digests, HashKind.Md5, Text(published, "md5"));
            }

            Add(digests, HashKind.Md5, Text(file, "md5_digest"));
            DateTimeOffset? uploaded = DateTimeOffset.TryParse(Text(file, "upload_time_iso_8601"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
            files.Add(new PypiFile(name, digests, uploaded));
        }

        return files;
    }

    private static void Add(Dictionary<HashKind, string> digests, HashKind kind, string? text)
    {
        if (RegistryDigests.Hex(text, kind) is { } hex)
        {
            digests.TryAdd(kind, hex);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record PypiFile(string Name, Dictionary<HashKind, string> Digests, DateTimeOffset? UploadedAt);
}
