using System.Security.Cryptography;
using System.Text.Json;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 3: DeletePackage, DeleteRepository, DeleteDomain and DisassociateExternalConnection (they used to
/// answer UnknownOperationException), each with the real aws CLI: the model's response shape and the refusal.
/// </summary>
public sealed class DeleteOperationsTests() : LocalStackTestBase(Domain, Repo)
{
    private const string Domain = "deletes";
    private const string Repo = "deletes-repo";

    // User guide, "CodeArtifact events": deleting a package with delete-package emits one event per version.
    [Fact]
    public async Task DeletePackage_ShouldReturnTheDeletedPackageRemoveItAndEmitOneDeletedEventPerVersion()
    {
        await PublishAsync("tool", "1.0.0");
        await PublishAsync("tool", "2.0.0");
        await PublishAsync("other", "1.0.0");
        await WaitForEventsAsync(3);

        var deleted = await Stack.AwsJsonAsync("codeartifact", "delete-package", "--domain", Domain, "--repository", Repo,
            "--format", "generic", "--namespace", "team", "--package", "tool");

        var summary = deleted.GetProperty("deletedPackage");
        Assert.Equal("generic", summary.GetProperty("format").GetString());
        Assert.Equal("team", summary.GetProperty("namespace").GetString());
        Assert.Equal("tool", summary.GetProperty("package").GetString());
        Assert.Equal("ALLOW", summary.GetProperty("originConfiguration").GetProperty("restrictions").GetProperty("publish").GetString());
        var packages = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repo);
        Assert.Equal(["other"], packages.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("package").GetString()!).ToArray());

        var events = (await WaitForEventsAsync(5)).Skip(3).Select(e => JsonDocument.Parse(e).RootElement.GetProperty("detail")).ToList();
        Assert.Equal(["1.0.0", "2.0.0"], events.Select(e => e.GetProperty("packageVersion").GetString()!).ToArray());
        Assert.All(events, e =>
        {
            Assert.Equal("Deleted", e.GetProperty("operationType").GetString());
            Assert.Equal("tool", e.GetProperty("packageName").GetString());
            Assert.Equal(1, e.GetProperty("changes").GetProperty("assetsRemoved").GetInt32());
        });

        var again = await Stack.AwsAsync(["codeartifact", "delete-package", "--domain", Domain, "--repository", Repo,
            "--format", "generic", "--namespace", "team", "--package", "tool"]);
        Assert.True(again.ExitCode != 0, again.ToString());
        Assert.Contains("(ResourceNotFoundException)", again.StandardError, StringComparison.Ordinal);
    }

    // The API model's DeleteDomain: "You cannot delete a domain that contains repositories."
    [Fact]
    public async Task DeleteDomain_WhileRepositoriesRemain_ShouldBeAConflictAndAfterDeleteRepositorySucceed()
    {
        await PublishAsync("tool", "1.0.0");

        var refused = await Stack.AwsAsync(["codeartifact", "delete-domain", "--domain", Domain]);
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("(ConflictException)", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(Domain, (await Stack.AwsJsonAsync("codeartifact", "describe-domain", "--domain", Domain)).GetProperty("domain").GetProperty("name").GetString());

        var repository = (await Stack.AwsJsonAsync("codeartifact", "delete-repository", "--domain", Domain, "--repository", Repo)).GetProperty("repository");
        Assert.Equal(Repo, repository.GetProperty("name").GetString());
        Assert.Equal(Domain, repository.GetProperty("domainName").GetString());
        Assert.EndsWith($":repository/{Domain}/{Repo}", repository.GetProperty("arn").GetString(), StringComparison.Ordinal);
        var missing = await Stack.AwsAsync(["codeartifact", "describe-repository", "--domain", Domain, "--repository", Repo]);
        Assert.Contains("(ResourceNotFoundException)", missing.StandardError, StringComparison.Ordinal);

        var domain = (await Stack.AwsJsonAsync("codeartifact", "delete-domain", "--domain", Domain)).GetProperty("domain");
        Assert.Equal(Domain, domain.GetProperty("name").GetString());
        Assert.Equal(0, domain.GetProperty("repositoryCount").GetInt32());
        var domains = await Stack.AwsJsonAsync("codeartifact", "list-domains");
        Assert.Equal(0, domains.GetProperty("domains").GetArrayLength());

        // A repository of the same name can be created again, empty (user guide, "Delete a repository").
        await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", Repo);
        var packages = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repo);
        Assert.Equal(0, packages.GetProperty("packages").GetArrayLength());
    }

    [Fact]
    public async Task DeleteRepository_WhenItIsAnotherRepositorysUpstream_ShouldBeAConflict()
    {
        await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", Domain, "--repository", "downstream", "--upstreams", $"repositoryName={Repo}");

        var refused = await Stack.AwsAsync(["codeartifact", "delete-repository", "--domain", Domain, "--repository", Repo]);

        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("(ConflictException)", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("downstream", refused.StandardError, StringComparison.Ordinal);
        await Stack.AwsJsonAsync("codeartifact", "delete-repository", "--domain", Domain, "--repository", "downstream");
        await Stack.AwsJsonAsync("codeartifact", "delete-repository", "--domain", Domain, "--repository", Repo);
    }

    [Fact]
    public async Task DisassociateExternalConnection_ShouldRemoveTheConnectionAndRefuseOneNotAssociated()
    {
        await Stack.AwsJsonAsync("codeartifact", "associate-external-connection", "--domain", Domain, "--repository", Repo, "--external-connection", "public:npmjs");

        var repository = (await Stack.AwsJsonAsync("codeartifact", "disassociate-external-connection", "--domain", Domain, "--repository", Repo,
            "--external-connection", "public:npmjs")).GetProperty("repository");

        Assert.Equal(Repo, repository.GetProperty("name").GetString());
        Assert.Equal(0, repository.GetProperty("externalConnections").GetArrayLength());
        var described = (await Stack.AwsJsonAsync("codeartifact", "describe-repository", "--domain", Domain, "--repository", Repo)).GetProperty("repository");
        Assert.Equal(0, described.GetProperty("externalConnections").GetArrayLength());

        var refused = await Stack.AwsAsync(["codeartifact", "disassociate-external-connection", "--domain", Domain, "--repository", Repo,
            "--external-connection", "public:npmjs"]);
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("(ResourceNotFoundException)", refused.StandardError, StringComparison.Ordinal);

        // And it can be associated again afterwards (a repository has at most one).
        await Stack.AwsJsonAsync("codeartifact", "associate-external-connection", "--domain", Domain, "--repository", Repo, "--external-connection", "public:npmjs");
    }

    private async Task PublishAsync(string package, string version)
    {
        var content = Work.File($"{package}-{version}.bin");
        await File.WriteAllTextAsync(content, $"{package}@{version}");
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));
        await Stack.AwsJsonAsync("codeartifact", "publish-package-version", "--domain", Domain, "--repository", Repo, "--format", "generic",
            "--namespace", "team", "--package", package, "--package-version", version, "--asset-content", content, "--asset-name", "a.bin", "--asset-sha256", sha);
    }
}
