using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>boto3/botocore as an independent client: paginators, parsed error codes, signature checks.</summary>
public sealed class Boto3Tests : LocalStackTestBase
{
    private Task<JsonElement> RunScriptAsync(string script, params string[] args) =>
        PythonClientScript.RunJsonAsync(OutputFile.Path("CodeArtifact", "Scripts", script), [Stack.Endpoint, .. args], TimeSpan.FromMinutes(4));

    [Fact]
    public async Task ListPackageVersionsPaginator_WhenThereAreHundredsOfVersions_ShouldReturnEachExactlyOnceInPages()
    {
        var summary = await RunScriptAsync("paginate_versions.py", "300");

        var versions = summary.GetProperty("versions").EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"1.0.{i}"), versions);
        Assert.Equal(9, summary.GetProperty("pages").GetInt32());
        Assert.All(summary.GetProperty("pageSizes").EnumerateArray().SkipLast(1), size => Assert.Equal(37, size.GetInt32()));
        Assert.Equal(["r-a", "r-b", "r-c"], summary.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(2, summary.GetProperty("repositoryPages").GetInt32());
        Assert.Equal("a.txt", Assert.Single(summary.GetProperty("assets").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Errors_WhenProvoked_ShouldBeParsedByBotocoreWithCodeMessageAndStatus()
    {
        var results = await RunScriptAsync("error_codes.py");

        void Expect(string name, string code, int status)
        {
            var entry = results.GetProperty(name);
            Assert.Equal(code, entry.GetProperty("code").GetString());
            Assert.Equal(status, entry.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("message").GetString()));
        }

        Expect("duplicateDomain", "ConflictException", 409);
        Expect("missingRepository", "ResourceNotFoundException", 404);
        Expect("missingDomain", "ResourceNotFoundException", 404);
        Expect("badDomainName", "ValidationException", 400);
        Expect("wrongSecret", "InvalidSignatureException", 403);
        Expect("missingVersion", "ResourceNotFoundException", 404);
        Expect("npmPublishViaApi", "ValidationException", 400);
        Expect("badTarget", "ValidationException", 400);
        Assert.Equal("package", results.GetProperty("missingVersion").GetProperty("resourceType").GetString());
        Assert.StartsWith("The request signature we calculated does not match", results.GetProperty("wrongSecret").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
