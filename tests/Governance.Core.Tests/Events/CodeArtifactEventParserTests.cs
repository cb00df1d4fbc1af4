using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Core.Events;
using Governance.Core.Packages;

namespace Governance.Core.Tests.Events;

public class CodeArtifactEventParserTests
{
    [Fact]
    public void Parse_WhenGenericPublishSample_ShouldGiveTypedEvent()
    {
        var result = CodeArtifactEventParser.Parse(Fixtures.Event("generic-publish-created.json"));

        Assert.True(result.Success, result.Error?.ToString());
        var evt = result.Event;
        Assert.Equal("4b1c7e2a-9d3f-5a60-8e21-0c7d55aa1f03", evt.Id);
        Assert.Equal("eu-north-1", evt.Region);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 21, 46, 34, TimeSpan.Zero), evt.Time);
        Assert.Equal(PackageVersionStatus.Published, evt.Detail.PackageVersionState);
        Assert.Equal(PackageOperationType.Created, evt.Detail.OperationType);
        Assert.Equal(1, evt.Detail.Changes.AssetsAdded);
        Assert.Equal(1, evt.Detail.SequenceNumber);
        Assert.Equal("8YwQm1Zr0c3TnVx5bKpL2dHsF9aEoJ7uGiRtC4yNe6U=", evt.DeduplicationId);
        Assert.Equal(
            new PackageVersionId("nextwork", "123456789012", "nextwork-devops-cicd", "generic", "secret-mission", "secret-mission", "1.0.0"),
            evt.PackageVersionId);
        Assert.Equal("pT2v1y9kq3FbV7XwR0mZc8HdJ4sLa6NeUoQiGtYhB5E=", evt.PackageVersionRef.Revision);
    }

    [Theory]
    [InlineData("generic-publish-created.json", "generic", false)]
    [InlineData("generic-status-change-unlisted.json", "generic", true)]
    [InlineData("maven-upstream-retained-created.json", "maven", false)]
    [InlineData("npm-publish-created.json", "npm", false)]
    public void Parse_WhenAnySample_ShouldSucceedWithFormatAndStatusOnlyFlag(string file, string format, bool statusOnly)
    {
        var result = CodeArtifactEventParser.Parse(Fixtures.Event(file));
        Assert.True(result.Success, result.Error?.ToString());
        Assert.Equal(format, result.Event.Detail.PackageFormat);
        Assert.Equal(statusOnly, result.Event.Detail.Changes.IsStatusOnly);
    }

    [Fact]
    public void Parse_WhenNamespaceNullAndAdministratorAbsent_ShouldAccept()
    {
        var node = JsonNode.Parse(Fixtures.Event("npm-publish-created.json"))!;
        node["detail"]!["packageNamespace"] = null;
        node["detail"]!.AsObject().Remove("repositoryAdministrator");
        node["resources"] = new JsonArray("arn:aws:codeartifact:us-west-2:111122223333:package/my-domain/team-npm/npm//ui-kit");

        var result = CodeArtifactEventParser.Parse(node.ToJsonString());

        Assert.True(result.Success, result.Error?.ToString());
        Assert.Null(result.Event.Detail.PackageNamespace);
        Assert.Null(result.Event.Detail.RepositoryAdministrator);
    }

    [Theory]
    [InlineData("detail.packageName", "$.detail.packageName", "missing")]
    [InlineData("detail.changes.assetsAdded", "$.detail.changes.assetsAdded", "missing")]
    [InlineData("detail.packageNamespace", "$.detail.packageNamespace", "must be present")]
    [InlineData("detail.eventDeduplicationId", "$.detail.eventDeduplicationId", "missing")]
    [InlineData("time", "$.time", "missing")]
    [InlineData("detail", "$.detail", "missing")]
    [InlineData("resources", "$.resources", "missing")]
    public void Parse_WhenFieldMissing_ShouldNameTheField(string remove, string expectedField, string fragment)
    {
        var node = JsonNode.Parse(Fixtures.Event("generic-publish-created.json"))!;
        var parts = remove.Split('.');
        var parent = parts[..^1].Aggregate(node, (n, p) => n[p]!);
        parent.AsObject().Remove(parts[^1]);

        var result = CodeArtifactEventParser.Parse(node.ToJsonString());

        Assert.False(result.Success);
        Assert.Equal(expectedField, result.Error.Field);
        Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detail.sequenceNumber", "\"1\"", "$.detail.sequenceNumber", "must be an integer")]
    [InlineData("detail.changes.statusChanged", "1", "$.detail.changes.statusChanged", "true or false")]
    [InlineData("detail.packageVersionState", "\"Gone\"", "$.detail.packageVersionState", "Published")]
    [InlineData("detail.operationType", "\"Moved\"", "$.detail.operationType", "Created, Updated, Deleted")]
    [InlineData("detail.packageName", "42", "$.detail.packageName", "must be a string")]
    [InlineData("detail.packageName", "\"\"", "$.detail.packageName", "empty")]
    [InlineData("time", "\"yesterday\"", "$.time", "ISO-8601")]
    [InlineData("source", "\"aws.s3\"", "$.source", "aws.codeartifact")]
    [InlineData("detail-type", "\"Other\"", "$.detail-type", "CodeArtifact Package Version State Change")]
    [InlineData("detail.changes.assetsAdded", "-1", "$.detail.changes.assetsAdded", "non-negative")]
    [InlineData("detail.packageName", "\"other-package\"", "$.resources[0]", "does not name the package")]
    public void Parse_WhenFieldMistyped_ShouldNameTheFieldAndWhatIsExpected(string field, string json, string expectedField, string fragment)
    {
        var node = JsonNode.Parse(Fixtures.Event("generic-publish-created.json"))!;
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate(node, (n, p) => n[p]!);
        parent[parts[^1]] = JsonNode.Parse(json);

        var result = CodeArtifactEventParser.Parse(node.ToJsonString());

        Assert.False(result.Success);
        Assert.Equal(expectedField, result.Error.Field);
        Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "$", "not valid JSON")]
    [InlineData("[1,2]", "$", "must be a JSON object")]
    public void Parse_WhenNotAnObject_ShouldReportTheRoot(string json, string field, string fragment)
    {
        var result = CodeArtifactEventParser.Parse(json);
        Assert.Equal(field, result.Error!.Field);
        Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_WhenWrittenWithSourceGenContext_ShouldParseBackEqual()
    {
        var original = CodeArtifactEventParser.Parse(Fixtures.Event("maven-upstream-retained-created.json")).Event!;
        var json = JsonSerializer.Serialize(original, EventJsonContext.Default.PackageVersionStateChange);

        var reparsed = CodeArtifactEventParser.Parse(json).Event!;

        Assert.Equal(original.Detail, reparsed.Detail);
        Assert.Equal(original.Resources, reparsed.Resources);
        Assert.Contains("\"packageVersionState\":\"Published\"", json, StringComparison.Ordinal);
        Assert.Contains("\"detail-type\":\"CodeArtifact Package Version State Change\"", json, StringComparison.Ordinal);
    }
}
