using System.Text.Json.Serialization;

namespace Governance.Local.CodeArtifact;

// The persisted model of the emulated service. Mutable classes on purpose: the service mutates them under one lock;
// CodeArtifactStore persists each change (a journal line per package change, the whole snapshot for the rest).

public sealed class CodeArtifactState
{
    public Dictionary<string, DomainRecord> Domains { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Monotonic counter mixed into revisions so a re-published identical asset set still gets a new one.</summary>
    public long RevisionCounter { get; set; }
}

public sealed class DomainRecord
{
    public required string Name { get; set; }

    public required string Owner { get; set; }

    public double CreatedTime { get; set; }

    public string? EncryptionKey { get; set; }

    public Dictionary<string, RepositoryRecord> Repositories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The domain's package groups, keyed by pattern; the root group <c>/*</c> is added on first use.</summary>
    public Dictionary<string, PackageGroupRecord> PackageGroups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The domain's resource policy (PutDomainPermissionsPolicy); null when none is set.</summary>
    public ResourcePolicyRecord? PermissionsPolicy { get; set; }

    /// <summary>Tags in the order they were first set (TagResource, CreateDomain's <c>tags</c>).</summary>
    public List<TagRecord> Tags { get; set; } = [];
}

public sealed class PackageGroupRecord
{
    public required string Pattern { get; set; }

    public double CreatedTime { get; set; }

    public string? ContactInfo { get; set; }

    public string? Description { get; set; }

    /// <summary>Mode by restriction type (PUBLISH, EXTERNAL_UPSTREAM, INTERNAL_UPSTREAM); INHERIT when absent.</summary>
    public Dictionary<string, string> Restrictions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Allowed repository lists by restriction type (used when that type is ALLOW_SPECIFIC_REPOSITORIES).</summary>
    public Dictionary<string, List<string>> AllowedRepositories { get; set; } = new(StringComparer.Ordinal);

    public List<TagRecord> Tags { get; set; } = [];
}

public sealed class RepositoryRecord
{
    public required string Name { get; set; }

    public string? Description { get; set; }

    public double CreatedTime { get; set; }

    public List<string> Upstreams { get; set; } = [];

    public List<string> ExternalConnections { get; set; } = [];

    /// <summary>Keyed by <see cref="PackageKey"/>.</summary>
    public Dictionary<string, PackageRecord> Packages { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The repository's resource policy (PutRepositoryPermissionsPolicy); null when none is set.</summary>
    public ResourcePolicyRecord? PermissionsPolicy { get; set; }

    public List<TagRecord> Tags { get; set; } = [];
}

/// <summary>A resource policy as stored: the document exactly as sent, and its opaque revision.</summary>
public sealed class ResourcePolicyRecord
{
    public required string Document { get; set; }

    public required string Revision { get; set; }
}

public sealed class TagRecord
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}

public sealed class PackageRecord
{
    public required string Format { get; set; }

    public string? Namespace { get; set; }

    public required string Name { get; set; }

    public string Publish { get; set; } = "ALLOW";

    public string Upstream { get; set; } = "ALLOW";

    /// <summary>The last event sequence number emitted for this package (CodeArtifact numbers events per package).</summary>
    public long SequenceNumber { get; set; }

    /// <summary>npm dist-tags (<c>latest</c> …); empty for other formats.</summary>
    public Dictionary<string, string> DistTags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Versions in publication order; deleted versions are removed.</summary>
    public List<VersionRecord> Versions { get; set; } = [];
}

public sealed class VersionRecord
{
    public required string Version { get; set; }

    public required string Status { get; set; }

    public required string Revision { get; set; }

    public double PublishedTime { get; set; }

    public string OriginType { get; set; } = "INTERNAL";

    /// <summary>
    /// Where the version entered the domain (<c>origin.domainEntryPoint</c>): the repository it was published to, or
    /// null with <see cref="EntryPointExternalConnection"/> set when it was ingested from a public registry. Null on
    /// both for records written before upstreams existed: the version's own repository.
    /// </summary>
    public string? EntryPointRepository { get; set; }

    public string? EntryPointExternalConnection { get; set; }

    public string? Summary { get; set; }

    public string? HomePage { get; set; }

    public string? SourceCodeRepository { get; set; }

    public List<LicenseRecord> Licenses { get; set; } = [];

    public List<AssetRecord> Assets { get; set; } = [];

    /// <summary>The npm version manifest (package.json as published), served back in the packument.</summary>
    public string? NpmManifestJson { get; set; }
}

public sealed class LicenseRecord
{
    public string? Name { get; set; }

    public string? Url { get; set; }
}

public sealed class AssetRecord
{
    public required string Name { get; set; }

    public long Size { get; set; }

    public required string Md5 { get; set; }

    public required string Sha1 { get; set; }

    public required string Sha256 { get; set; }

    public required string Sha512 { get; set; }
}

/// <summary>Source-generated serialization for the snapshot file (no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CodeArtifactState))]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class CodeArtifactStateJsonContext : JsonSerializerContext;
