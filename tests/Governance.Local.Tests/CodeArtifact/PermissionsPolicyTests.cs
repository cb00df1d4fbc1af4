using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: the permissions policy operations with the real aws CLI and boto3, as the API reference
/// (PutDomainPermissionsPolicy, GetDomainPermissionsPolicy, DeleteDomainPermissionsPolicy and their repository
/// counterparts, https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_PutDomainPermissionsPolicy.html)
/// and the user guide's "Domain policies" (https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html)
/// and "Repository policies" (https://docs.aws.amazon.com/codeartifact/latest/ug/repo-policies.html) describe them.
/// The stack stores and serves a policy; it does not evaluate it.
/// </summary>
public sealed class PermissionsPolicyTests : IAsyncLifetime
{
    private const string Domain = "policies";
    private const string Repository = "repo";
    private const int PolicyDocumentLimit = 7168;

    // repo-policies.html, "Create a resource policy to grant read access": its example policy, with the odd spacing,
    // key order and non-ASCII a hand-written file has, to show the document is kept exactly as sent.
    private const string ReadPolicy =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Action\": [\"codeartifact:ReadFromRepository\"],\n" +
        "      \"Effect\":   \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"},\n" +
        "      \"Sid\": \"Équipe-lecture ✓\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";

    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, Repository);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    // API_PutDomainPermissionsPolicy / API_GetDomainPermissionsPolicy / API_DeleteDomainPermissionsPolicy: the policy
    // comes back with resourceArn, revision and document; policyRevision is optimistic locking.
    [Fact]
    public async Task DomainPolicy_ShouldRoundTripByteForByteAndGuardItsRevision()
    {
        var missing = await _stack.AwsAsync(["codeartifact", "get-domain-permissions-policy", "--domain", Domain]);
        var put = (await _stack.AwsJsonAsync("codeartifact", "put-domain-permissions-policy", "--domain", Domain, "--policy-document", ReadPolicy)).GetProperty("policy");
        var got = (await _stack.AwsJsonAsync("codeartifact", "get-domain-permissions-policy", "--domain", Domain)).GetProperty("policy");
        var stalePut = await _stack.AwsAsync(["codeartifact", "put-domain-permissions-policy", "--domain", Domain, "--policy-document", ReadPolicy, "--policy-revision", "stale-revision"]);
        var replaced = (await _stack.AwsJsonAsync(
            "codeartifact", "put-domain-permissions-policy", "--domain", Domain, "--policy-document", ReadPolicy, "--policy-revision", Revision(put))).GetProperty("policy");
        var staleDelete = await _stack.AwsAsync(["codeartifact", "delete-domain-permissions-policy", "--domain", Domain, "--policy-revision", Revision(put)]);
        var deleted = (await _stack.AwsJsonAsync("codeartifact", "delete-domain-permissions-policy", "--domain", Domain, "--policy-revision", Revision(replaced))).GetProperty("policy");
        var afterDelete = await _stack.AwsAsync(["codeartifact", "get-domain-permissions-policy", "--domain", Domain]);

        var arn = (await _stack.AwsJsonAsync("codeartifact", "describe-domain", "--domain", Domain)).GetProperty("domain").GetProperty("arn").GetString();
        Assert.Contains("(ResourceNotFoundException)", missing.StandardError, StringComparison.Ordinal);
        Assert.Equal(arn, put.GetProperty("resourceArn").GetString());
        Assert.Equal(ReadPolicy, got.GetProperty("document").GetString());
        Assert.Equal(Revision(put), Revision(got));
        Assert.Contains("(ConflictException)", stalePut.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(Revision(put), Revision(replaced));
        Assert.Contains("(ConflictException)", staleDelete.StandardError, StringComparison.Ordinal);
        Assert.Equal(ReadPolicy, deleted.GetProperty("document").GetString());
        Assert.Equal(Revision(replaced), Revision(deleted));
        Assert.Contains("(ResourceNotFoundException)", afterDelete.StandardError, StringComparison.Ordinal);
    }

    // API_PutRepositoryPermissionsPolicy / API_GetRepositoryPermissionsPolicy / API_DeleteRepositoryPermissionsPolicy.
    [Fact]
    public async Task RepositoryPolicy_ShouldRoundTripAndRefuseAStaleRevision()
    {
        var put = (await _stack.AwsJsonAsync(
            "codeartifact", "put-repository-permissions-policy", "--domain", Domain, "--repository", Repository, "--policy-document", ReadPolicy)).GetProperty("policy");
        var got = (await _stack.AwsJsonAsync("codeartifact", "get-repository-permissions-policy", "--domain", Domain, "--repository", Repository)).GetProperty("policy");
        var stale = await _stack.AwsAsync(["codeartifact", "delete-repository-permissions-policy", "--domain", Domain, "--repository", Repository, "--policy-revision", "stale-revision"]);
        var deleted = (await _stack.AwsJsonAsync("codeartifact", "delete-repository-permissions-policy", "--domain", Domain, "--repository", Repository)).GetProperty("policy");
        var again = await _stack.AwsAsync(["codeartifact", "delete-repository-permissions-policy", "--domain", Domain, "--repository", Repository]);
        var otherRepository = await _stack.AwsAsync(["codeartifact", "get-repository-permissions-policy", "--domain", Domain, "--repository", "no-such-repo"]);

        var arn = (await _stack.AwsJsonAsync("codeartifact", "describe-repository", "--domain", Domain, "--repository", Repository)).GetProperty("repository").GetProperty("arn").GetString();
        Assert.Equal(arn, put.GetProperty("resourceArn").GetString());
        Assert.Equal(ReadPolicy, got.GetProperty("document").GetString());
        Assert.Equal(Revision(put), Revision(got));
        Assert.Contains("(ConflictException)", stale.StandardError, StringComparison.Ordinal);
        Assert.Equal(Revision(put), Revision(deleted));
        Assert.Contains("(ResourceNotFoundException)", again.StandardError, StringComparison.Ordinal);
        Assert.Contains("(ResourceNotFoundException)", otherRepository.StandardError, StringComparison.Ordinal);
    }

    // The model's PolicyDocument (1 to 7,168 characters, pattern [\P{C}\s]+) and "A valid displayable JSON Aspen
    // policy string": AWS refuses what is not a JSON resource policy with a ValidationException.
    [Theory]
    [InlineData("not json at all")]
    [InlineData("[]")]
    [InlineData("{\"Version\": \"2012-10-17\"}")]
    [InlineData("{\"Statement\": [{\"Effect\": \"Maybe\", \"Principal\": \"*\", \"Action\": \"codeartifact:*\"}]}")]
    [InlineData("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"codeartifact:*\"}]}")]
    [InlineData("{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"codeartifact:*\", \"Sid\": \"bell\u0007\"}]}")]
    [InlineData("OVERSIZED")]
    public async Task Put_OfADocumentAwsRefuses_ShouldBeAValidationExceptionNamingPolicyDocument(string document)
    {
        if (document == "OVERSIZED")
        {
            document = Padded(PolicyDocumentLimit + 1);
        }

        var result = await _stack.AwsAsync(["codeartifact", "put-domain-permissions-policy", "--domain", Domain, "--policy-document", document]);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("(ValidationException)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("policyDocument", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_OfADocumentOfExactlyTheLimit_ShouldBeStored()
    {
        var document = Padded(PolicyDocumentLimit);

        var put = (await _stack.AwsJsonAsync("codeartifact", "put-domain-permissions-policy", "--domain", Domain, "--policy-document", document)).GetProperty("policy");

        Assert.Equal(PolicyDocumentLimit, put.GetProperty("document").GetString()!.Length);
        Assert.Equal(document, put.GetProperty("document").GetString());
    }

    // repo-policies.html: the policy is the repository's; a repository deleted and created again has none.
    [Fact]
    public async Task DeleteRepository_ShouldDeleteItsPolicy()
    {
        await _stack.AwsJsonAsync("codeartifact", "put-repository-permissions-policy", "--domain", Domain, "--repository", Repository, "--policy-document", ReadPolicy);
        await _stack.AwsJsonAsync("codeartifact", "delete-repository", "--domain", Domain, "--repository", Repository);
        await _stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repository);

        var result = await _stack.AwsAsync(["codeartifact", "get-repository-permissions-policy", "--domain", Domain, "--repository", Repository]);

        Assert.Contains("(ResourceNotFoundException)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policies_ShouldSurviveARestartOfTheStack()
    {
        using var folder = new TempFolder("gov-policy");
        string domainRevision, repositoryRevision;
        await using (var first = await LocalStackHarness.StartAsync(folder.Path))
        {
            await first.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
            await first.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repository);
            domainRevision = Revision((await first.AwsJsonAsync("codeartifact", "put-domain-permissions-policy", "--domain", Domain, "--policy-document", ReadPolicy)).GetProperty("policy"));
            repositoryRevision = Revision((await first.AwsJsonAsync(
                "codeartifact", "put-repository-permissions-policy", "--domain", Domain, "--repository", Repository, "--policy-document", ReadPolicy)).GetProperty("policy"));
        }

        await using var second = await LocalStackHarness.StartAsync(folder.Path);
        var domainPolicy = (await second.AwsJsonAsync("codeartifact", "get-domain-permissions-policy", "--domain", Domain)).GetProperty("policy");
        var repositoryPolicy = (await second.AwsJsonAsync("codeartifact", "get-repository-permissions-policy", "--domain", Domain, "--repository", Repository)).GetProperty("policy");

        Assert.Equal((domainRevision, ReadPolicy), (Revision(domainPolicy), domainPolicy.GetProperty("document").GetString()));
        Assert.Equal((repositoryRevision, ReadPolicy), (Revision(repositoryPolicy), repositoryPolicy.GetProperty("document").GetString()));
    }

    // boto3 as a second client: every operation's happy path and one error of each, as botocore parses them.
    [Fact]
    public async Task Boto3_ShouldDriveEveryPolicyOperationAndParseItsErrors()
    {
        var results = await Boto3Script.RunAsync(_stack, "permissions_policy.py");

        var sent = results.GetProperty("sent").GetString();
        foreach (var name in new[] { "putDomain", "getDomain", "deleteDomain", "putRepository", "getRepository", "deleteRepository" })
        {
            Assert.Equal(sent, results.GetProperty(name).GetProperty("document").GetString());
        }

        Assert.EndsWith(":domain/boto-policies", results.GetProperty("getDomain").GetProperty("resourceArn").GetString(), StringComparison.Ordinal);
        Assert.EndsWith(":repository/boto-policies/repo", results.GetProperty("getRepository").GetProperty("resourceArn").GetString(), StringComparison.Ordinal);
        Assert.Equal(Revision(results.GetProperty("putDomain")), Revision(results.GetProperty("deleteDomain")));
        Boto3Script.AssertError(results, "getDomainBeforePut", "ResourceNotFoundException", 404);
        Boto3Script.AssertError(results, "putDomainStaleRevision", "ConflictException", 409);
        Boto3Script.AssertError(results, "deleteDomainAgain", "ResourceNotFoundException", 404);
        Boto3Script.AssertError(results, "putRepositoryNotJson", "ValidationException", 400);
        Boto3Script.AssertError(results, "getRepositoryMissing", "ResourceNotFoundException", 404);
        Boto3Script.AssertError(results, "deleteRepositoryStaleRevision", "ConflictException", 409);
    }

    /// <summary>A valid policy padded with whitespace to exactly <paramref name="length"/> characters.</summary>
    private static string Padded(int length)
    {
        const string Policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"codeartifact:ReadFromRepository\"}]}";
        return Policy + new string(' ', length - Policy.Length);
    }

    private static string Revision(JsonElement policy) => policy.GetProperty("revision").GetString()!;
}
