using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: TagResource, UntagResource and ListTagsForResource with the real aws CLI and boto3, as the API
/// reference (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_TagResource.html, API_UntagResource,
/// API_ListTagsForResource, API_Tag) and the user guide's "Tagging resources"
/// (https://docs.aws.amazon.com/codeartifact/latest/ug/tag-resources.html) describe them, with AWS's tag
/// restrictions (at most 50 tags per resource, the aws: prefix reserved).
/// </summary>
public sealed class TagResourceTests : IAsyncLifetime
{
    private const string Domain = "tags";
    private const string Repository = "repo";
    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, Repository);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    // API_TagResource: "Adds or updates tags"; API_UntagResource removes keys; API_ListTagsForResource lists them.
    [Fact]
    public async Task TagResource_OnADomainRepositoryAndPackageGroup_ShouldBeListedUpdatedAndUntagged()
    {
        var group = (await _stack.AwsJsonAsync("codeartifact", "create-package-group", "--domain", Domain, "--package-group", "/npm/acme/*")).GetProperty("packageGroup");
        foreach (var arn in new[] { await DomainArnAsync(), await RepositoryArnAsync(), group.GetProperty("arn").GetString()! })
        {
            await _stack.AwsJsonAsync("codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(("team", "platform"), ("env", "prod")));
            await _stack.AwsJsonAsync("codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(("env", "staging"), ("note", "")));
            var tagged = await TagsAsync(arn);
            await _stack.AwsJsonAsync("codeartifact", "untag-resource", "--resource-arn", arn, "--tag-keys", "team", "never-set");
            var untagged = await TagsAsync(arn);

            Assert.Equal([("team", "platform"), ("env", "staging"), ("note", "")], tagged);
            Assert.Equal([("env", "staging"), ("note", "")], untagged);
        }
    }

    // tag-resources.html: "Add tags to a domain or repository when you create it"; the model gives CreatePackageGroup tags too.
    [Fact]
    public async Task Create_WithTags_ShouldStoreThemForListTagsForResource()
    {
        var domain = (await _stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", "tagged", "--tags", TagsJson(("cost-center", "42")))).GetProperty("domain");
        var repository = (await _stack.AwsJsonAsync(
            "codeartifact", "create-repository", "--domain", "tagged", "--repository", "tagged-repo", "--tags", TagsJson(("tier", "gold"), ("owner", "web")))).GetProperty("repository");
        var group = (await _stack.AwsJsonAsync(
            "codeartifact", "create-package-group", "--domain", "tagged", "--package-group", "/pypi/*", "--tags", TagsJson(("owner", "data")))).GetProperty("packageGroup");

        Assert.Equal([("cost-center", "42")], await TagsAsync(domain.GetProperty("arn").GetString()!));
        Assert.Equal([("tier", "gold"), ("owner", "web")], await TagsAsync(repository.GetProperty("arn").GetString()!));
        Assert.Equal([("owner", "data")], await TagsAsync(group.GetProperty("arn").GetString()!));
    }

    // API_Tag (key 1-128, value 0-256 characters), AWS's tag restrictions (the aws: prefix in any case is reserved;
    // each key once): ValidationException, and nothing of the request is stored.
    [Theory]
    [InlineData("key-too-long")]
    [InlineData("value-too-long")]
    [InlineData("aws:reserved")]
    [InlineData("AWS:Reserved")]
    [InlineData("duplicate")]
    public async Task TagResource_BreakingATagRule_ShouldBeAValidationExceptionAndStoreNothing(string rule)
    {
        var tags = rule switch
        {
            "key-too-long" => TagsJson((new string('k', 129), "v")),
            "value-too-long" => TagsJson(("k", new string('v', 257))),
            "duplicate" => TagsJson(("k", "1"), ("k", "2")),
            _ => TagsJson(("fine", "v"), (rule, "v")),
        };
        var arn = await RepositoryArnAsync();

        var result = await _stack.AwsAsync(["codeartifact", "tag-resource", "--resource-arn", arn, "--tags", tags]);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("(ValidationException)", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(await TagsAsync(arn));
    }

    // AWS's tag restrictions: at most 50 user tags per resource; TagResource lists ServiceQuotaExceededException for it.
    [Fact]
    public async Task TagResource_BeyondFiftyTagsOnTheResource_ShouldBeServiceQuotaExceeded()
    {
        var arn = await RepositoryArnAsync();
        var fifty = Enumerable.Range(0, 50).Select(i => ($"k{i:D2}", "v")).ToArray();

        await _stack.AwsJsonAsync("codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(fifty));
        var updateExisting = await _stack.AwsAsync(["codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(("k00", "changed"))]);
        var oneMore = await _stack.AwsAsync(["codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(("k50", "v"))]);
        var createWithTooMany = await _stack.AwsAsync(
            ["codeartifact", "create-repository", "--domain", Domain, "--repository", "crowded", "--tags", TagsJson([.. fifty, ("k50", "v")])]);

        Assert.True(updateExisting.ExitCode == 0, updateExisting.ToString());
        Assert.Contains("(ServiceQuotaExceededException)", oneMore.StandardError, StringComparison.Ordinal);
        Assert.Equal(50, (await TagsAsync(arn)).Count);
        Assert.Contains("(ServiceQuotaExceededException)", createWithTooMany.StandardError, StringComparison.Ordinal);
        Assert.Contains("(ResourceNotFoundException)", (await _stack.AwsAsync(["codeartifact", "describe-repository", "--domain", Domain, "--repository", "crowded"])).StandardError, StringComparison.Ordinal);
    }

    // API_TagResource: ResourceNotFoundException for a resource that is not there (another region's or account's
    // ARN names nothing this endpoint holds); ValidationException for what is not a CodeArtifact domain, repository
    // or package group ARN.
    [Theory]
    [InlineData("other-region", "(ResourceNotFoundException)")]
    [InlineData("other-account", "(ResourceNotFoundException)")]
    [InlineData("missing-repository", "(ResourceNotFoundException)")]
    [InlineData("missing-domain", "(ResourceNotFoundException)")]
    [InlineData("missing-group", "(ResourceNotFoundException)")]
    [InlineData("not-an-arn", "(ValidationException)")]
    [InlineData("s3-bucket", "(ValidationException)")]
    [InlineData("package-arn", "(ValidationException)")]
    public async Task ListTagsForResource_OfAnArnNamingNoResourceHere_ShouldBeAnError(string kind, string expected)
    {
        var repositoryArn = await RepositoryArnAsync();
        var parts = repositoryArn.Split(':');
        var arn = kind switch
        {
            "other-region" => repositoryArn.Replace($":{parts[3]}:", ":eu-west-3:", StringComparison.Ordinal),
            "other-account" => repositoryArn.Replace($":{parts[4]}:", ":999999999999:", StringComparison.Ordinal),
            "missing-repository" => repositoryArn + "-gone",
            "missing-domain" => $"arn:aws:codeartifact:{parts[3]}:{parts[4]}:domain/gone",
            "missing-group" => $"arn:aws:codeartifact:{parts[3]}:{parts[4]}:package-group/{Domain}/npm/none/*",
            "not-an-arn" => "not-an-arn",
            "s3-bucket" => "arn:aws:s3:::bucket/key",
            _ => $"arn:aws:codeartifact:{parts[3]}:{parts[4]}:package/{Domain}/{Repository}/npm//left-pad",
        };

        var list = await _stack.AwsAsync(["codeartifact", "list-tags-for-resource", "--resource-arn", arn]);
        var tag = await _stack.AwsAsync(["codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(("k", "v"))]);
        var untag = await _stack.AwsAsync(["codeartifact", "untag-resource", "--resource-arn", arn, "--tag-keys", "k"]);

        Assert.Contains(expected, list.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, tag.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, untag.StandardError, StringComparison.Ordinal);
    }

    // Tags belong to their resource: deleting it deletes them; a resource created again under the name starts bare.
    [Fact]
    public async Task DeletingTheResource_ShouldDeleteItsTags()
    {
        var arn = await RepositoryArnAsync();
        await _stack.AwsJsonAsync("codeartifact", "tag-resource", "--resource-arn", arn, "--tags", TagsJson(("team", "platform")));
        await _stack.AwsJsonAsync("codeartifact", "delete-repository", "--domain", Domain, "--repository", Repository);
        var whileGone = await _stack.AwsAsync(["codeartifact", "list-tags-for-resource", "--resource-arn", arn]);
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repository);

        Assert.Contains("(ResourceNotFoundException)", whileGone.StandardError, StringComparison.Ordinal);
        Assert.Empty(await TagsAsync(arn));
    }

    [Fact]
    public async Task Tags_ShouldSurviveARestartOfTheStack()
    {
        using var folder = new TempFolder("gov-tags");
        string domainArn, groupArn;
        await using (var first = await LocalStackHarness.StartAsync(folder.Path))
        {
            domainArn = (await first.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain, "--tags", TagsJson(("team", "platform")))).GetProperty("domain").GetProperty("arn").GetString()!;
            groupArn = (await first.AwsJsonAsync("codeartifact", "create-package-group", "--domain", Domain, "--package-group", "/npm/*")).GetProperty("packageGroup").GetProperty("arn").GetString()!;
            await first.AwsJsonAsync("codeartifact", "tag-resource", "--resource-arn", groupArn, "--tags", TagsJson(("owner", "web")));
        }

        await using var second = await LocalStackHarness.StartAsync(folder.Path);

        Assert.Equal([("team", "platform")], await TagsAsync(domainArn, second));
        Assert.Equal([("owner", "web")], await TagsAsync(groupArn, second));
    }

    // boto3 as a second client: create_* with tags, each operation's happy path and one error of each.
    [Fact]
    public async Task Boto3_ShouldDriveEveryTagOperationAndParseItsErrors()
    {
        var results = await Boto3Script.RunAsync(_stack, "tags.py");

        Assert.Equal([("team", "platform")], Pairs(results.GetProperty("createdDomain")));
        Assert.Equal([("tier", "gold")], Pairs(results.GetProperty("createdRepository")));
        Assert.Equal([("owner", "web")], Pairs(results.GetProperty("createdGroup")));
        Assert.Equal([("tier", "silver"), ("cost-center", "")], Pairs(results.GetProperty("tagged")));
        Assert.Equal([("cost-center", "")], Pairs(results.GetProperty("untagged")));
        Boto3Script.AssertError(results, "tagReservedPrefix", "ValidationException", 400);
        Boto3Script.AssertError(results, "untagMissingResource", "ResourceNotFoundException", 404);
        Boto3Script.AssertError(results, "listNotAnArn", "ValidationException", 400);
        Boto3Script.AssertError(results, "tagTooMany", "ServiceQuotaExceededException", 402);
    }

    private async Task<string> DomainArnAsync() =>
        (await _stack.AwsJsonAsync("codeartifact", "describe-domain", "--domain", Domain)).GetProperty("domain").GetProperty("arn").GetString()!;

    private async Task<string> RepositoryArnAsync() =>
        (await _stack.AwsJsonAsync("codeartifact", "describe-repository", "--domain", Domain, "--repository", Repository)).GetProperty("repository").GetProperty("arn").GetString()!;

    private async Task<List<(string, string)>> TagsAsync(string arn, LocalStackHarness? stack = null) =>
        Pairs((await (stack ?? _stack).AwsJsonAsync("codeartifact", "list-tags-for-resource", "--resource-arn", arn)).GetProperty("tags"));

    private static List<(string, string)> Pairs(JsonElement tags) =>
        tags.EnumerateArray().Select(t => (t.GetProperty("key").GetString()!, t.GetProperty("value").GetString()!)).ToList();

    private static string TagsJson(params (string Key, string Value)[] tags) =>
        JsonSerializer.Serialize(tags.Select(t => new Dictionary<string, string> { ["key"] = t.Key, ["value"] = t.Value }));
}
