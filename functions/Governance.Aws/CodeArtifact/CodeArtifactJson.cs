using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Aws.CodeArtifact.Model;

namespace Governance.Aws.CodeArtifact;

// JSON bodies of the restJson1 wire format, with a source-generated context (no reflection: the functions are AOT).

internal sealed class DescribePackageVersionBody { public PackageVersionDescription? PackageVersion { get; set; } }

internal sealed class ListPackageVersionAssetsBody
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public string? Version { get; set; }
    public string? VersionRevision { get; set; }
    public string? NextToken { get; set; }
    public List<AssetSummary>? Assets { get; set; }
}

internal sealed class PackageVersionsResultBody
{
    public Dictionary<string, SuccessfulPackageVersionInfo>? SuccessfulVersions { get; set; }
    public Dictionary<string, PackageVersionError>? FailedVersions { get; set; }
}

internal sealed class ListPackagesBody
{
    public List<PackageSummary>? Packages { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class ListPackageVersionsBody
{
    public string? DefaultDisplayVersion { get; set; }
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public List<PackageVersionSummary>? Versions { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class DescribePackageBody { public PackageDescription? Package { get; set; } }

internal sealed class PublishPackageVersionBody
{
    public string? Format { get; set; }
    public string? Namespace { get; set; }
    public string? Package { get; set; }
    public string? Version { get; set; }
    public string? VersionRevision { get; set; }
    public string? Status { get; set; }
    public AssetSummary? Asset { get; set; }
}

internal sealed class OriginConfigurationBody { public PackageOriginConfiguration? OriginConfiguration { get; set; } }

internal sealed class AuthorizationTokenBody
{
    public string? AuthorizationToken { get; set; }
    public DateTimeOffset? Expiration { get; set; }
}

internal sealed class RepositoryEndpointBody { public string? RepositoryEndpoint { get; set; } }

internal sealed class DomainBody { public DomainDescription? Domain { get; set; } }

internal sealed class RepositoryBody { public RepositoryDescription? Repository { get; set; } }

internal sealed class ListRepositoriesBody
{
    public List<RepositorySummary>? Repositories { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class UpdateStatusInputBody
{
    public List<string>? Versions { get; set; }
    public Dictionary<string, string>? VersionRevisions { get; set; }
    public string? ExpectedStatus { get; set; }
    public string? TargetStatus { get; set; }
}

internal sealed class CreateDomainInputBody
{
    public string? EncryptionKey { get; set; }
    public List<Tag>? Tags { get; set; }
}

internal sealed class CreateRepositoryInputBody
{
    public string? Description { get; set; }
    public List<UpstreamRepository>? Upstreams { get; set; }
    public List<Tag>? Tags { get; set; }
}

internal sealed class OriginInputBody { public PackageOriginRestrictions? Restrictions { get; set; } }

/// <summary>restJson1 timestamps: epoch seconds as a JSON number, possibly fractional (<c>1566002944.273</c>).</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDecimal();
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        if (reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw new JsonException($"Expected a timestamp (epoch seconds), found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue((decimal)(value - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(DescribePackageVersionBody))]
[JsonSerializable(typeof(ListPackageVersionAssetsBody))]
[JsonSerializable(typeof(PackageVersionsResultBody))]
[JsonSerializable(typeof(ListPackagesBody))]
[JsonSerializable(typeof(ListPackageVersionsBody))]
[JsonSerializable(typeof(DescribePackageBody))]
[JsonSerializable(typeof(PublishPackageVersionBody))]
[JsonSerializable(typeof(OriginConfigurationBody))]
[JsonSerializable(typeof(AuthorizationTokenBody))]
[JsonSerializable(typeof(RepositoryEndpointBody))]
[JsonSerializable(typeof(DomainBody))]
[JsonSerializable(typeof(RepositoryBody))]
[JsonSerializable(typeof(ListRepositoriesBody))]
[JsonSerializable(typeof(UpdateStatusInputBody))]
[JsonSerializable(typeof(CreateDomainInputBody))]
[JsonSerializable(typeof(CreateRepositoryInputBody))]
[JsonSerializable(typeof(OriginInputBody))]
internal sealed partial class CodeArtifactJsonContext : JsonSerializerContext
{
}
