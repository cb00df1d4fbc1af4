namespace Governance.Local.CodeArtifact;

/// <summary>Values of a package's origin restrictions (<c>AllowPublish</c> / <c>AllowUpstream</c> in the model).</summary>
public static class OriginRestriction
{
    public const string Allow = "ALLOW";
    public const string Block = "BLOCK";
}

/// <summary>How a package's first version reached a repository; it picks the package's default origin controls.</summary>
public enum PackageArrival
{
    /// <summary>Published to this repository (PublishPackageVersion, npm publish, Maven PUT).</summary>
    Published,

    /// <summary>Kept from an upstream repository or ingested from an external connection.</summary>
    FromUpstream,

    /// <summary>Created empty by PutPackageOriginConfiguration, which sets the restrictions itself.</summary>
    Configured,
}

/// <summary>Values of <c>PackageVersionOrigin.originType</c>.</summary>
public static class OriginType
{
    public const string Internal = "INTERNAL";
    public const string External = "EXTERNAL";
}
