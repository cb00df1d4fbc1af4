using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Core.Ports;
using Governance.Local.CodeArtifact;

namespace Governance.Local.Events;

/// <summary>
/// Turns a committed <see cref="PackageVersionChange"/> into the exact EventBridge document CodeArtifact emits
/// ("CodeArtifact Package Version State Change") and publishes it on the bus.
/// </summary>
public sealed class CodeArtifactEventFactory(ILocalEventBus bus, string region, IClock clock) : IPackageChangeSink
{
    public void OnChange(PackageVersionChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        bus.Publish(Build(change));
    }

    public string Build(PackageVersionChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var resource = $"arn:aws:codeartifact:{region}:{change.DomainOwner}:package/{change.DomainName}/{change.RepositoryName}/{change.PackageFormat}/{change.PackageNamespace}/{change.PackageName}";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "0");
            json.WriteString("id", Guid.NewGuid().ToString());
            json.WriteString("detail-type", "CodeArtifact Package Version State Change");
            json.WriteString("source", "aws.codeartifact");
            json.WriteString("account", change.DomainOwner);
            json.WriteString("time", clock.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteString("region", region);
            json.WriteStartArray("resources");
            json.WriteStringValue(resource);
            json.WriteEndArray();
            json.WriteStartObject("detail");
            json.WriteString("domainName", change.DomainName);
            json.WriteString("domainOwner", change.DomainOwner);
            json.WriteString("repositoryName", change.RepositoryName);
            json.WriteString("repositoryAdministrator", change.DomainOwner);
            json.WriteString("packageFormat", change.PackageFormat);
            if (change.PackageNamespace is null)
            {
                json.WriteNull("packageNamespace");
            }
            else
            {
                json.WriteString("packageNamespace", change.PackageNamespace);
            }

            json.WriteString("packageName", change.PackageName);
            json.WriteString("packageVersion", change.PackageVersion);
            json.WriteString("packageVersionState", change.PackageVersionState);
            json.WriteString("packageVersionRevision", change.PackageVersionRevision);
            json.WriteStartObject("changes");
            json.WriteNumber("assetsAdded", change.AssetsAdded);
            json.WriteNumber("assetsRemoved", change.AssetsRemoved);
            json.WriteBoolean("metadataUpdated", change.MetadataUpdated);
            json.WriteNumber("assetsUpdated", change.AssetsUpdated);
            json.WriteBoolean("statusChanged", change.StatusChanged);
            json.WriteEndObject();
            json.WriteString("operationType", change.OperationType);
            json.WriteNumber("sequenceNumber", change.SequenceNumber);
            json.WriteString("eventDeduplicationId", DeduplicationId(resource, change));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Stable per change (package, version, revision, sequence): a redelivered copy carries the same id.</summary>
    private static string DeduplicationId(string resource, PackageVersionChange change) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{resource}\n{change.PackageVersion}\n{change.PackageVersionRevision}\n{change.PackageVersionState}\n{change.SequenceNumber}")));
}
