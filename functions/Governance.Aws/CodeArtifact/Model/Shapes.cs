namespace Governance.Aws.CodeArtifact.Model;

// Data shapes of the CodeArtifact model (codeartifact.service-2.json), named and spelled as there. Enumerations are
// kept as their wire strings: CodeArtifact adds values (formats, statuses) and an unknown value must still parse.

public sealed class PackageVersionDescription
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? PackageName { get; set; }
    public string? DisplayName { get; set; }
    public string? Version { get; set; }
    public string? Summary { get; set; }
    public string? HomePage { get; set; }
    public string? SourceCodeRepository { get; set; }
    public DateTimeOffset? PublishedTime { get; set; }
    public List<LicenseInfo>? Licenses { get; set; }
    public string? Revision { get; set; }
    public string? Status { get; set; }
    public PackageVersionOrigin? Origin { get; set; }
}

public sealed class LicenseInfo
{
    public string? Name { get; set; }
    public string? Url { get; set; }
}

public sealed class PackageVersionOrigin
{
    public DomainEntryPoint? DomainEntryPoint { get; set; }
    public string? OriginType { get; set; }
}

public sealed class DomainEntryPoint
{
    public string? RepositoryName { get; set; }
    public string? ExternalConnectionName { get; set; }
}

public sealed class PackageVersionSummary
{
    public string? Version { get; set; }
    public string? Revision { get; set; }
    public string? Status { get; set; }
    public PackageVersionOrigin? Origin { get; set; }
}

public sealed class PackageSummary
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public PackageOriginConfiguration? OriginConfiguration { get; set; }
}

public sealed class PackageDescription
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Name { get; set; }
    public PackageOriginConfiguration? OriginConfiguration { get; set; }
}

/// <summary>An asset with the hashes CodeArtifact recorded: algorithm wire name (<c>SHA-256</c>, …) → hex.</summary>
public sealed class AssetSummary
{
    public string? Name { get; set; }
    public long? Size { get; set; }
    public Dictionary<string, string>? Hashes { get; set; }
}

public sealed class SuccessfulPackageVersionInfo
{
    public string? Revision { get; set; }
    public string? Status { get; set; }
}

/// <summary>Why one version was not updated: <c>ErrorCode</c> is one of <see cref="PackageVersionErrorCodes"/>.</summary>
public sealed class PackageVersionError
{
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
}

public static class PackageVersionErrorCodes
{
    public const string AlreadyExists = "ALREADY_EXISTS";
    public const string MismatchedRevision = "MISMATCHED_REVISION";
    public const string MismatchedStatus = "MISMATCHED_STATUS";
    public const string NotAllowed = "NOT_ALLOWED";
    public const string NotFound = "NOT_FOUND";
    public const string Skipped = "SKIPPED";
}

public sealed class PackageOriginConfiguration
{
    public PackageOriginRestrictions? Restrictions { get; set; }
}

/// <summary><c>Publish</c> and <c>Upstream</c> are <c>ALLOW</c> or <c>BLOCK</c>; both are required.</summary>
public sealed class PackageOriginRestrictions
{
    public string? Publish { get; set; }
    public string? Upstream { get; set; }
}

public sealed class DomainDescription
{
    public string? Name { get; set; }
    public string? Owner { get; set; }
    public string? Arn { get; set; }
    public string? Status { get; set; }
    public DateTimeOffset? CreatedTime { get; set; }
    public string? EncryptionKey { get; set; }
    public int? RepositoryCount { get; set; }
    public long? AssetSizeBytes { get; set; }
    public string? S3BucketArn { get; set; }
}

public sealed class RepositoryDescription
{
    public string? Name { get; set; }
    public string? AdministratorAccount { get; set; }
    public string? DomainName { get; set; }
    public string? DomainOwner { get; set; }
    public string? Arn { get; set; }
    public string? Description { get; set; }
    public List<UpstreamRepositoryInfo>? Upstreams { get; set; }
    public List<RepositoryExternalConnectionInfo>? ExternalConnections { get; set; }
    public DateTimeOffset? CreatedTime { get; set; }
}

public sealed class RepositorySummary
{
    public string? Name { get; set; }
    public string? AdministratorAccount { get; set; }
    public string? DomainName { get; set; }
    public string? DomainOwner { get; set; }
    public string? Arn { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset? CreatedTime { get; set; }
}

public sealed class UpstreamRepository
{
    public string? RepositoryName { get; set; }
}

public sealed class UpstreamRepositoryInfo
{
    public string? RepositoryName { get; set; }
}

public sealed class RepositoryExternalConnectionInfo
{
    public string? ExternalConnectionName { get; set; }
    public string? PackageFormat { get; set; }
    public string? Status { get; set; }
}

public sealed class Tag
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}
