using System.Text.Json.Serialization;
using Governance.Core.Packages;

namespace Governance.Core.Events;

/// <summary>
/// An EventBridge event with detail-type "CodeArtifact Package Version State Change" (source aws.codeartifact):
/// the envelope and its typed detail. Property names are the wire names, so the source-generated context
/// (<see cref="EventJsonContext"/>) writes the same JSON EventBridge delivers.
/// </summary>
public sealed record PackageVersionStateChange(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("detail-type")] string DetailType,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("resources")] IReadOnlyList<string> Resources,
    [property: JsonPropertyName("detail")] PackageVersionStateChangeDetail Detail)
{
    public const string ExpectedSource = "aws.codeartifact";
    public const string ExpectedDetailType = "CodeArtifact Package Version State Change";

    /// <summary>The version the event is about.</summary>
    public PackageVersionId PackageVersionId => Detail.ToPackageVersionId();

    /// <summary>The version at the revision the event reported (a review may find a newer one).</summary>
    public PackageVersionRef PackageVersionRef => new(PackageVersionId, Detail.PackageVersionRevision);

    /// <summary>
    /// The id that identifies duplicate deliveries of this event (<c>detail.eventDeduplicationId</c>); the ledger
    /// collapses on it.
    /// </summary>
    public string DeduplicationId => Detail.EventDeduplicationId;
}

/// <summary>The <c>detail</c> object. <see cref="PackageNamespace"/> is null for packages without one.</summary>
public sealed record PackageVersionStateChangeDetail(
    [property: JsonPropertyName("domainName")] string DomainName,
    [property: JsonPropertyName("domainOwner")] string DomainOwner,
    [property: JsonPropertyName("repositoryName")] string RepositoryName,
    [property: JsonPropertyName("repositoryAdministrator")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RepositoryAdministrator,
    [property: JsonPropertyName("packageFormat")] string PackageFormat,
    [property: JsonPropertyName("packageNamespace")] string? PackageNamespace,
    [property: JsonPropertyName("packageName")] string PackageName,
    [property: JsonPropertyName("packageVersion")] string PackageVersion,
    [property: JsonPropertyName("packageVersionState")] PackageVersionStatus PackageVersionState,
    [property: JsonPropertyName("packageVersionRevision")] string PackageVersionRevision,
    [property: JsonPropertyName("changes")] PackageVersionChanges Changes,
    [property: JsonPropertyName("operationType")] PackageOperationType OperationType,
    [property: JsonPropertyName("sequenceNumber")] long SequenceNumber,
    [property: JsonPropertyName("eventDeduplicationId")] string EventDeduplicationId)
{
    public PackageVersionId ToPackageVersionId() =>
        new(DomainName, DomainOwner, RepositoryName, PackageFormat, PackageNamespace, PackageName, PackageVersion);
}

/// <summary>What the triggering change did: asset counts and whether metadata or the status changed.</summary>
public sealed record PackageVersionChanges(
    [property: JsonPropertyName("assetsAdded")] int AssetsAdded,
    [property: JsonPropertyName("assetsRemoved")] int AssetsRemoved,
    [property: JsonPropertyName("metadataUpdated")] bool MetadataUpdated,
    [property: JsonPropertyName("assetsUpdated")] int AssetsUpdated,
    [property: JsonPropertyName("statusChanged")] bool StatusChanged)
{
    /// <summary>Only the status changed: no asset added, removed or updated and no metadata change.</summary>
    public bool IsStatusOnly => StatusChanged && AssetsAdded == 0 && AssetsRemoved == 0 && AssetsUpdated == 0 && !MetadataUpdated;
}

[JsonConverter(typeof(JsonStringEnumConverter<PackageOperationType>))]
public enum PackageOperationType
{
    Created,
    Updated,
    Deleted,
}

/// <summary>Source-generated JSON for the event records (writing events, e.g. the local stack's event delivery).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PackageVersionStateChange))]
public sealed partial class EventJsonContext : JsonSerializerContext;
