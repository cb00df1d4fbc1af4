using System.Text.Json;
using Governance.Core.Packages;

namespace Governance.Core.Events;

/// <summary>
/// Parses and strictly validates a "CodeArtifact Package Version State Change" EventBridge event. Every required
/// field must be present with its JSON type; the envelope's source and detail-type must be CodeArtifact's; the
/// resource ARN must name the same package as the detail. Errors name the field by its JSON path.
/// </summary>
public static class CodeArtifactEventParser
{
    /// <summary>Parses one EventBridge event (the JSON a Lambda target receives, or an SQS record's body).</summary>
    public static EventParseResult Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(JsonFields.EscapeLoneSurrogates(json));
            return Parse(document.RootElement);
        }
        catch (JsonException ex)
        {
            return new EventParseResult(null, new EventValidationError("$", $"is not valid JSON: {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            // Text that cannot be transcoded to UTF-8 (a lone surrogate right after a backslash) is not JSON either.
            return new EventParseResult(null, new EventValidationError("$", $"is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>Parses an event that is already a JSON element.</summary>
    public static EventParseResult Parse(JsonElement root)
    {
        try
        {
            return new EventParseResult(Read(root), null);
        }
        catch (EventFieldException ex)
        {
            return new EventParseResult(null, new EventValidationError(ex.Field, ex.Message));
        }
    }

    private static PackageVersionStateChange Read(JsonElement root)
    {
        var envelope = JsonFields.Root(root, "an EventBridge event");
        var version = envelope.RequiredString("version");
        var id = envelope.RequiredString("id");
        var detailType = envelope.RequiredString("detail-type");
        if (detailType != PackageVersionStateChange.ExpectedDetailType)
        {
            throw new EventFieldException("$.detail-type", $"'{detailType}' is not '{PackageVersionStateChange.ExpectedDetailType}'");
        }
        var source = envelope.RequiredString("source");
        if (source != PackageVersionStateChange.ExpectedSource)
        {
            throw new EventFieldException("$.source", $"'{source}' is not '{PackageVersionStateChange.ExpectedSource}'");
        }
        var account = envelope.RequiredString("account");
        var time = envelope.RequiredTimestamp("time");
        var region = envelope.RequiredString("region");
        var resources = ReadResources(envelope);
        var detail = ReadDetail(envelope.RequiredObject("detail"));
        CheckResourceNamesThePackage(resources, detail);
        return new PackageVersionStateChange(version, id, detailType, source, account, time, region, resources, detail);
    }

    private static List<string> ReadResources(JsonFields envelope)
    {
        var array = envelope.RequiredArray("resources");
        var resources = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new EventFieldException($"$.resources[{index}]", $"must be a string (a package ARN), found {JsonFields.Describe(item.ValueKind)}");
            }
            resources.Add(JsonFields.Text(item, $"$.resources[{index}]"));
            index++;
        }
        if (resources.Count == 0)
        {
            throw new EventFieldException("$.resources", "must hold the package ARN, found an empty array");
        }
        return resources;
    }

    private static PackageVersionStateChangeDetail ReadDetail(JsonFields detail)
    {
        var format = detail.RequiredString("packageFormat");
        var ns = detail.RequiredNullableString("packageNamespace");
        var changes = detail.RequiredObject("changes");
        return new PackageVersionStateChangeDetail(
            DomainName: detail.RequiredString("domainName"),
            DomainOwner: detail.RequiredString("domainOwner"),
            RepositoryName: detail.RequiredString("repositoryName"),
            RepositoryAdministrator: detail.OptionalString("repositoryAdministrator"),
            PackageFormat: format,
            PackageNamespace: string.IsNullOrEmpty(ns) ? null : ns,
            PackageName: detail.RequiredString("packageName"),
            PackageVersion: detail.RequiredString("packageVersion"),
            PackageVersionState: detail.RequiredEnum<PackageVersionStatus>("packageVersionState"),
            PackageVersionRevision: detail.RequiredString("packageVersionRevision"),
            Changes: new PackageVersionChanges(
                AssetsAdded: changes.RequiredInt("assetsAdded"),
                AssetsRemoved: changes.RequiredInt("assetsRemoved"),
                MetadataUpdated: changes.RequiredBool("metadataUpdated"),
                AssetsUpdated: changes.RequiredInt("assetsUpdated"),
                StatusChanged: changes.RequiredBool("statusChanged")),
            OperationType: detail.RequiredEnum<PackageOperationType>("operationType"),
            SequenceNumber: detail.RequiredLong("sequenceNumber"),
            EventDeduplicationId: detail.RequiredString("eventDeduplicationId"));
    }

    // The ARN and the detail are two statements of the same package; an event where they disagree was not written
    // by CodeArtifact and must not be acted on.
    private static void CheckResourceNamesThePackage(List<string> resources, PackageVersionStateChangeDetail detail)
    {
        var suffix = $":{detail.DomainOwner}:package/{detail.DomainName}/{detail.RepositoryName}/{detail.PackageFormat}/{detail.PackageNamespace ?? ""}/{detail.PackageName}";
        if (!resources[0].StartsWith("arn:", StringComparison.Ordinal) || !resources[0].EndsWith(suffix, StringComparison.Ordinal))
        {
            throw new EventFieldException("$.resources[0]", $"'{resources[0]}' does not name the package in detail (expected an ARN ending with '{suffix}')");
        }
    }
}
