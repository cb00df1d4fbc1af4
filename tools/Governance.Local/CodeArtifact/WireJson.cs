using System.Text.Json;

namespace Governance.Local.CodeArtifact;

/// <summary>Writes the model's JSON shapes (member names exactly as in codeartifact.service-2.json).</summary>
public static class WireJson
{
    public static void Domain(Utf8JsonWriter json, DomainView d, bool summary)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(d);
        json.WriteStartObject();
        json.WriteString("name", d.Name);
        json.WriteString("owner", d.Owner);
        json.WriteString("arn", d.Arn);
        json.WriteString("status", "Active");
        json.WriteNumber("createdTime", d.CreatedTime);
        if (d.EncryptionKey is not null)
        {
            json.WriteString("encryptionKey", d.EncryptionKey);
        }

        if (!summary)
        {
            json.WriteNumber("repositoryCount", d.RepositoryCount);
            json.WriteNumber("assetSizeBytes", d.AssetSizeBytes);
            json.WriteString("s3BucketArn", $"arn:aws:s3:::assets-{d.Owner}-local");
        }

        json.WriteEndObject();
    }

    public static void Repository(Utf8JsonWriter json, RepositoryView r, bool summary)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(r);
        json.WriteStartObject();
        json.WriteString("name", r.Name);
        json.WriteString("administratorAccount", r.DomainOwner);
        json.WriteString("domainName", r.DomainName);
        json.WriteString("domainOwner", r.DomainOwner);
        json.WriteString("arn", r.Arn);
        if (r.Description is not null)
        {
            json.WriteString("description", r.Description);
        }

        if (!summary)
        {
            json.WriteStartArray("upstreams");
            foreach (var upstream in r.Upstreams)
            {
                json.WriteStartObject();
                json.WriteString("repositoryName", upstream);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("externalConnections");
            foreach (var connection in r.ExternalConnections)
            {
                json.WriteStartObject();
                json.WriteString("externalConnectionName", connection.Name);
                json.WriteString("packageFormat", connection.PackageFormat);
                json.WriteString("status", "Available");
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteNumber("createdTime", r.CreatedTime);
        json.WriteEndObject();
    }

    public static void OriginConfiguration(Utf8JsonWriter json, PackageView p)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(p);
        json.WriteStartObject();
        json.WriteStartObject("restrictions");
        json.WriteString("publish", p.Publish);
        json.WriteString("upstream", p.Upstream);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void Asset(Utf8JsonWriter json, AssetView a)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(a);
        json.WriteStartObject();
        json.WriteString("name", a.Name);
        json.WriteNumber("size", a.Hashes.Size);
        json.WriteStartObject("hashes");
        foreach (var (algorithm, hex) in a.Hashes.ToWireMap())
        {
            json.WriteString(algorithm, hex);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void Origin(Utf8JsonWriter json, VersionView v)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(v);
        json.WriteStartObject("origin");
        json.WriteStartObject("domainEntryPoint");
        if (v.EntryPointExternalConnection is not null)
        {
            json.WriteString("externalConnectionName", v.EntryPointExternalConnection);
        }
        else
        {
            json.WriteString("repositoryName", v.EntryPointRepository ?? v.RepositoryName);
        }

        json.WriteEndObject();
        json.WriteString("originType", v.OriginType);
        json.WriteEndObject();
    }

    public static void VersionSummary(Utf8JsonWriter json, VersionView v)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(v);
        json.WriteStartObject();
        json.WriteString("version", v.Version);
        json.WriteString("revision", v.Revision);
        json.WriteString("status", v.Status);
        Origin(json, v);
        json.WriteEndObject();
    }

    public static void VersionDescription(Utf8JsonWriter json, VersionView v)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(v);
        json.WriteStartObject();
        json.WriteString("format", v.Format);
        if (v.Namespace is not null)
        {
            json.WriteString("namespace", v.Namespace);
        }

        json.WriteString("packageName", v.Package);
        // API reference (PackageVersionDescription.displayName): an npm package ui in namespace vue displays as @vue/ui.
        // Only npm is documented; other formats keep the package name.
        json.WriteString("displayName", v.Format == "npm" && v.Namespace is not null ? $"@{v.Namespace}/{v.Package}" : v.Package);
        json.WriteString("version", v.Version);
        WriteIfPresent(json, "summary", v.Summary);
        WriteIfPresent(json, "homePage", v.HomePage);
        WriteIfPresent(json, "sourceCodeRepository", v.SourceCodeRepository);
        json.WriteNumber("publishedTime", v.PublishedTime);
        json.WriteStartArray("licenses");
        foreach (var license in v.Licenses)
        {
            json.WriteStartObject();
            WriteIfPresent(json, "name", license.Name);
            WriteIfPresent(json, "url", license.Url);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("revision", v.Revision);
        json.WriteString("status", v.Status);
        Origin(json, v);
        json.WriteEndObject();
    }

    public static void Batch(Utf8JsonWriter json, BatchResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        json.WriteStartObject();
        json.WriteStartObject("successfulVersions");
        foreach (var (version, info) in result.Successful)
        {
            json.WriteStartObject(version);
            json.WriteString("revision", info.Revision);
            json.WriteString("status", info.Status);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("failedVersions");
        foreach (var (version, error) in result.Failed)
        {
            json.WriteStartObject(version);
            json.WriteString("errorCode", error.ErrorCode);
            json.WriteString("errorMessage", error.ErrorMessage);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void PackageCoordinates(Utf8JsonWriter json, string format, string? ns, string package, string version, string revision)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteString("format", format);
        if (ns is not null)
        {
            json.WriteString("namespace", ns);
        }

        json.WriteString("package", package);
        json.WriteString("version", version);
        json.WriteString("versionRevision", revision);
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

}
