using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Local.Npm;
using Governance.Local.Storage;

namespace Governance.Local.Upstream;

/// <summary>
/// <c>public:npmjs</c> read from a directory laid out like the public registry: the packument of <c>name</c> at
/// <c>{root}/{name}.json</c> (as <c>GET /{name}</c> returns it) and each tarball at the registry's own path,
/// <c>{root}/{name}/-/{unscoped-name}-{version}.tgz</c>. <see cref="AddVersion"/> builds such a directory.
/// </summary>
public sealed class NpmRegistryDirectory(string root) : IExternalRegistry
{
    public const string Connection = "public:npmjs";

    /// <summary>CodeArtifact names the single asset of every npm version this way.</summary>
    public const string TarballAssetName = "package.tgz";

    /// <summary>Large packuments (thousands of versions) are tens of MiB; beyond this one is refused, not parsed.</summary>
    public const long MaxPackumentBytes = 64L * 1024 * 1024;

    public string Root { get; } = Path.GetFullPath(root);

    public string ConnectionName => Connection;

    public string Format => "npm";

    /// <exception cref="FormatException">The packument is too large or not JSON.</exception>
    public bool HasVersion(string? ns, string name, string version)
    {
        var package = new NpmPackageName(ns, name);
        return IsSafe(package, version) && File.Exists(PackumentPath(Root, package)) && File.Exists(TarballPath(Root, package, version));
    }

    public ExternalPackageVersion? FindVersion(string? ns, string name, string version)
    {
        var package = new NpmPackageName(ns, name);
        if (!IsSafe(package, version))
        {
            return null;
        }

        var packumentPath = PackumentPath(Root, package);
        var tarball = TarballPath(Root, package, version);
        if (!File.Exists(packumentPath) || !File.Exists(tarball))
        {
            return null;
        }

        using var packument = ParsePackument(packumentPath);
        return Read(packument.RootElement, package, version);
    }

    public IReadOnlyList<ExternalPackageVersion> FindVersions(string? ns, string name)
    {
        var package = new NpmPackageName(ns, name);
        if (!IsSafe(package, "0") || !File.Exists(PackumentPath(Root, package)))
        {
            return [];
        }

        // One parse of the packument for every version it lists (FindVersion per version would parse it each time).
        using var packument = ParsePackument(PackumentPath(Root, package));
        return packument.RootElement.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Object
            ? versions.EnumerateObject().Where(v => IsSafe(package, v.Name)).Select(v => Read(packument.RootElement, package, v.Name)).OfType<ExternalPackageVersion>().ToList()
            : [];
    }

    /// <summary>One version of a parsed packument, or null when it is not listed or its tarball is missing.</summary>
    private ExternalPackageVersion? Read(JsonElement packument, NpmPackageName package, string version)
    {
        var tarball = TarballPath(Root, package, version);
        if (!File.Exists(tarball)
            || !packument.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Object
            || !versions.TryGetProperty(version, out var manifest) || manifest.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var published = packument.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.Object
            && time.TryGetProperty(version, out var stamp) && stamp.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(stamp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : new DateTimeOffset(File.GetLastWriteTimeUtc(tarball), TimeSpan.Zero);
        ExternalAsset asset = new(TarballAssetName, () => new FileStream(tarball, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan));
        return new ExternalPackageVersion(package.Scope, package.Name, version, published, [asset], NpmManifestMetadata.Read(manifest, manifest.GetRawText(), distTags: null));
    }

    public IReadOnlyList<string> ListVersions(string? ns, string name)
    {
        var package = new NpmPackageName(ns, name);
        if (!IsSafe(package, "0") || !File.Exists(PackumentPath(Root, package)))
        {
            return [];
        }

        using var packument = ParsePackument(PackumentPath(Root, package));
        return packument.RootElement.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Object
            ? versions.EnumerateObject().Select(v => v.Name).Where(v => File.Exists(TarballPath(Root, package, v))).ToList()
            : [];
    }

    /// <summary>
    /// Adds one version (a package.json, e.g. from <c>npm pack</c>) to the packument under <paramref name="root"/>,
    /// creating it if missing, and copies the tarball to its registry path. The version becomes <c>latest</c>.
    /// </summary>
    /// <exception cref="FormatException">The manifest lacks a usable name or version.</exception>
    public static void AddVersion(string root, string manifestJson, string tarballPath, DateTimeOffset publishedTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var manifest = JsonNode.Parse(manifestJson) as JsonObject ?? throw new FormatException("npm manifest must be a JSON object");
        var package = NpmPackageName.Parse(Text(manifest, "name"));
        var version = Text(manifest, "version");
        if (!IsSafe(package, version))
        {
            throw new FormatException($"npm package '{package.FullName}@{version}' has a name or version that is not a plain path segment");
        }

        var (shasum, integrity) = Digests(tarballPath);
        manifest["_id"] = $"{package.FullName}@{version}";
        manifest["dist"] = new JsonObject
        {
            ["tarball"] = $"https://registry.npmjs.org/{package.FullName}/-/{package.Name}-{version}.tgz",
            ["shasum"] = shasum,
            ["integrity"] = integrity,
        };

        var rootPath = Path.GetFullPath(root);
        var packumentPath = PackumentPath(rootPath, package);
        var packument = File.Exists(packumentPath)
            ? JsonNode.Parse(ReadBounded(packumentPath)) as JsonObject ?? throw new FormatException($"{packumentPath} is not a JSON object")
            : new JsonObject { ["_id"] = package.FullName, ["name"] = package.FullName };
        var stamp = publishedTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Section(packument, "versions")[version] = manifest;
        Section(packument, "dist-tags")["latest"] = version;
        var time = Section(packument, "time");
        time[version] = stamp;
        time["modified"] = stamp;
        time["created"] ??= stamp;

        var tarball = TarballPath(rootPath, package, version);
        Directory.CreateDirectory(Path.GetDirectoryName(tarball)!);
        var temp = AtomicFile.NewTempPath(tarball);
        File.Copy(tarballPath, temp);
        File.Move(temp, tarball, overwrite: true);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            packument.WriteTo(writer);
        }

        AtomicFile.WriteAllBytes(packumentPath, buffer.ToArray());
    }

    /// <summary>Every part becomes a path segment, so each must be one plain segment (see <see cref="MavenRepositoryDirectory.IsSafeName"/>).</summary>
    private static bool IsSafe(NpmPackageName package, string version) =>
        (package.Scope is null || MavenRepositoryDirectory.IsSafeName(package.Scope))
        && MavenRepositoryDirectory.IsSafeName(package.Name)
        && MavenRepositoryDirectory.IsSafeName(version);

    internal static string PackumentPath(string root, NpmPackageName package) => PackageFolder(root, package) + ".json";

    internal static string TarballPath(string root, NpmPackageName package, string version) =>
        Path.Combine(PackageFolder(root, package), "-", $"{package.Name}-{version}.tgz");

    private static string PackageFolder(string root, NpmPackageName package) =>
        package.Scope is null ? Path.Combine(root, package.Name) : Path.Combine(root, "@" + package.Scope, package.Name);

    private static JsonDocument ParsePackument(string path)
    {
        try
        {
            return JsonDocument.Parse(ReadBounded(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"packument {path} is not valid JSON: {e.Message}", e);
        }
    }

    private static byte[] ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxPackumentBytes)
        {
            throw new FormatException($"packument {path} is larger than {MaxPackumentBytes / (1024 * 1024)} MiB");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string Text(JsonObject manifest, string name) =>
        manifest[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new FormatException($"npm manifest has no \"{name}\"");

    private static JsonObject Section(JsonObject packument, string name)
    {
        if (packument[name] is JsonObject section)
        {
            return section;
        }

        section = [];
        packument[name] = section;
        return section;
    }

    private static (string Shasum, string Integrity) Digests(string tarballPath)
    {
        using var stream = new FileStream(tarballPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
#pragma warning disable CA5350 // npm's dist.shasum is SHA-1 by definition; clients check exactly that.
        var sha1 = SHA1.HashData(stream);
#pragma warning restore CA5350
        stream.Position = 0;
        return (Convert.ToHexStringLower(sha1), "sha512-" + Convert.ToBase64String(SHA512.HashData(stream)));
    }
}
