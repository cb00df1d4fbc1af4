using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>Every change emits CodeArtifact's EventBridge event to in-process subscribers and the JSON-lines file.</summary>
public sealed class EventEmissionTests : LocalStackTestBase
{
    private static readonly string[] Coordinates =
        ["--domain", "nextwork", "--repository", "nextwork-devops-cicd", "--format", "generic", "--namespace", "secret-mission", "--package", "secret-mission"];

    [Fact]
    public async Task PublishAndStatusChange_WhenDoneThroughTheCli_ShouldEmitEventsShapedLikeCodeArtifacts()
    {
        await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", "nextwork");
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", "nextwork", "--repository", "nextwork-devops-cicd");
        var file = Work.File("secret-mission.tar.gz");
        await File.WriteAllTextAsync(file, "payload");
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));
        var published = await Stack.AwsJsonAsync(["codeartifact", "publish-package-version", .. Coordinates, "--package-version", "1.0.0",
            "--asset-content", file, "--asset-name", "secret-mission.tar.gz", "--asset-sha256", sha]);
        await Stack.AwsJsonAsync(["codeartifact", "update-package-versions-status", .. Coordinates, "--versions", "1.0.0", "--target-status", "Unlisted"]);

        var events = await WaitForEventsAsync(2);

        var created = JsonDocument.Parse(events[0]).RootElement;
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(OutputFile.Path("CodeArtifact", "Fixtures", "generic-publish-created.json"))).RootElement;
        Assert.Equal(ShapeOf(expected), ShapeOf(created));
        Assert.Equal("000000000000", created.GetProperty("account").GetString());
        Assert.Equal("us-east-1", created.GetProperty("region").GetString());
        Assert.Equal("arn:aws:codeartifact:us-east-1:000000000000:package/nextwork/nextwork-devops-cicd/generic/secret-mission/secret-mission", created.GetProperty("resources")[0].GetString());
        var detail = created.GetProperty("detail");
        Assert.Equal(published.GetProperty("versionRevision").GetString(), detail.GetProperty("packageVersionRevision").GetString());
        Assert.Equal("Created", detail.GetProperty("operationType").GetString());
        Assert.Equal(1, detail.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal(1, detail.GetProperty("changes").GetProperty("assetsAdded").GetInt32());

        var unlisted = JsonDocument.Parse(events[1]).RootElement.GetProperty("detail");
        Assert.Equal(("Updated", "Unlisted", 2L), (unlisted.GetProperty("operationType").GetString(), unlisted.GetProperty("packageVersionState").GetString(), unlisted.GetProperty("sequenceNumber").GetInt64()));
        Assert.True(unlisted.GetProperty("changes").GetProperty("statusChanged").GetBoolean());
        Assert.Equal(0, unlisted.GetProperty("changes").GetProperty("assetsAdded").GetInt32());
        Assert.Equal(detail.GetProperty("packageVersionRevision").GetString(), unlisted.GetProperty("packageVersionRevision").GetString());
        Assert.NotEqual(detail.GetProperty("eventDeduplicationId").GetString(), unlisted.GetProperty("eventDeduplicationId").GetString());

        var logged = await File.ReadAllLinesAsync(Stack.Stack.EventLogPath);
        Assert.Equal(events, logged);
    }

    /// <summary>Property names and JSON kinds, recursively: the shape, not the values.</summary>
    private static string ShapeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + ":" + ShapeOf(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(ShapeOf)) + "]",
        JsonValueKind.True or JsonValueKind.False => "bool",
        var kind => kind.ToString(),
    };
}
