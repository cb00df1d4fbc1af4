using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: the package group operations with the real aws CLI, as the user guide's "Package group
/// definition syntax and matching behavior"
/// (https://docs.aws.amazon.com/codeartifact/latest/ug/package-group-definition-syntax-matching-behavior.html) and
/// the API reference's package group operations describe them.
/// </summary>
public sealed class PackageGroupTests : IAsyncLifetime
{
    private const string Domain = "groups";
    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, "main");

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    // package-group-origin-controls.html: every domain has the root group /*, which allows every origin.
    [Fact]
    public async Task RootGroup_ShouldExistInEveryDomainAllowEveryOriginAndNotBeDeletable()
    {
        var root = (await GroupAsync("describe-package-group", "--package-group", "/*")).GetProperty("packageGroup");
        var listed = await GroupAsync("list-package-groups");
        var delete = await _stack.AwsAsync(["codeartifact", "delete-package-group", "--domain", Domain, "--package-group", "/*"]);

        Assert.Equal("/*", root.GetProperty("pattern").GetString());
        Assert.EndsWith($":package-group/{Domain}/*", root.GetProperty("arn").GetString(), StringComparison.Ordinal);
        foreach (var type in new[] { "PUBLISH", "EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM" })
        {
            Assert.Equal("ALLOW", root.GetProperty("originConfiguration").GetProperty("restrictions").GetProperty(type).GetProperty("mode").GetString());
        }

        Assert.False(root.TryGetProperty("parent", out _));
        Assert.Equal(["/*"], listed.GetProperty("packageGroups").EnumerateArray().Select(g => g.GetProperty("pattern").GetString()!).ToArray());
        Assert.Contains("(ValidationException)", delete.StandardError, StringComparison.Ordinal);
    }

    // package-group-definition-syntax-matching-behavior.html, "Package group definition syntax and examples": the six
    // example forms are accepted; other shapes, unknown formats and namespaces where the format has none are not.
    [Theory]
    [InlineData("/npm/*")]
    [InlineData("/maven/com.anycompany~")]
    [InlineData("/npm/space/*")]
    [InlineData("/npm/space/anycompany-ui~")]
    [InlineData("/maven/org.apache.logging.log4j/log4j-core$")]
    [InlineData("/pypi//requests$")]
    [InlineData("/npm//react$")]
    public async Task Create_WithAPatternOfTheDocumentedSyntax_ShouldCreateTheGroupOnce(string pattern)
    {
        var created = (await GroupAsync("create-package-group", "--package-group", pattern, "--description", "team packages")).GetProperty("packageGroup");
        var again = await _stack.AwsAsync(["codeartifact", "create-package-group", "--domain", Domain, "--package-group", pattern]);

        Assert.Equal(pattern, created.GetProperty("pattern").GetString());
        Assert.Equal("team packages", created.GetProperty("description").GetString());
        Assert.Equal("INHERIT", created.GetProperty("originConfiguration").GetProperty("restrictions").GetProperty("PUBLISH").GetProperty("mode").GetString());
        Assert.Contains("(ConflictException)", again.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("npm/*")]
    [InlineData("/npm")]
    [InlineData("/npm/space")]
    [InlineData("/npm/space/name")]
    [InlineData("/unknown/*")]
    [InlineData("/pypi/ns/requests$")]
    [InlineData("/maven//guava$")]
    [InlineData("/npm/sp*ce/*")]
    [InlineData("/npm/space/a/b$")]
    [InlineData("/npm~")]
    public async Task Create_WithAPatternOutsideTheSyntax_ShouldBeAValidationException(string pattern)
    {
        var result = await _stack.AwsAsync(["codeartifact", "create-package-group", "--domain", Domain, "--package-group", pattern]);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("(ValidationException)", result.StandardError, StringComparison.Ordinal);
    }

    // package-group-definition-syntax-matching-behavior.html, "Package group hierarchy and pattern specificity": a
    // package is associated with the most specific group it matches; a group's parent is the most specific group
    // covering it, and INHERIT takes the parent's mode (API reference, PackageGroupOriginRestriction).
    [Fact]
    public async Task Association_ShouldPickTheMostSpecificMatchingGroupAndInheritFromParents()
    {
        foreach (var pattern in new[] { "/npm/*", "/npm/space/*", "/npm/space/anycompany-ui~", "/npm/space/anycompany-ui-core$" })
        {
            await GroupAsync("create-package-group", "--package-group", pattern);
        }

        Assert.Equal("/npm/*", await AssociatedAsync("--format", "npm", "--package", "react"));
        Assert.Equal("/npm/space/*", await AssociatedAsync("--format", "npm", "--namespace", "space", "--package", "amplify-ui-core"));
        Assert.Equal("/npm/space/anycompany-ui~", await AssociatedAsync("--format", "npm", "--namespace", "space", "--package", "anycompany-ui-components"));
        Assert.Equal("/npm/space/anycompany-ui-core$", await AssociatedAsync("--format", "npm", "--namespace", "space", "--package", "anycompany-ui-core"));
        Assert.Equal("/*", await AssociatedAsync("--format", "pypi", "--package", "requests"));

        var child = (await GroupAsync("describe-package-group", "--package-group", "/npm/space/*")).GetProperty("packageGroup");
        Assert.Equal("/npm/*", child.GetProperty("parent").GetProperty("pattern").GetString());
        var publish = child.GetProperty("originConfiguration").GetProperty("restrictions").GetProperty("PUBLISH");
        Assert.Equal(("INHERIT", "ALLOW", "/*"), (publish.GetProperty("mode").GetString(), publish.GetProperty("effectiveMode").GetString(),
            publish.GetProperty("inheritedFrom").GetProperty("pattern").GetString()));

        await GroupAsync("update-package-group-origin-configuration", "--package-group", "/npm/*", "--restrictions", "PUBLISH=BLOCK");
        var inherited = (await GroupAsync("describe-package-group", "--package-group", "/npm/space/anycompany-ui~"))
            .GetProperty("packageGroup").GetProperty("originConfiguration").GetProperty("restrictions").GetProperty("PUBLISH");
        Assert.Equal(("BLOCK", "/npm/*"), (inherited.GetProperty("effectiveMode").GetString(), inherited.GetProperty("inheritedFrom").GetProperty("pattern").GetString()));
    }

    // The model's DeletePackageGroup: the deleted group's children become children of its parent.
    [Fact]
    public async Task Delete_ShouldReparentTheChildrenAndForgetTheGroup()
    {
        await GroupAsync("create-package-group", "--package-group", "/npm/*");
        await GroupAsync("create-package-group", "--package-group", "/npm/space/*");

        var deleted = (await GroupAsync("delete-package-group", "--package-group", "/npm/*")).GetProperty("packageGroup");
        var child = (await GroupAsync("describe-package-group", "--package-group", "/npm/space/*")).GetProperty("packageGroup");
        var gone = await _stack.AwsAsync(["codeartifact", "describe-package-group", "--domain", Domain, "--package-group", "/npm/*"]);

        Assert.Equal("/npm/*", deleted.GetProperty("pattern").GetString());
        Assert.Equal("/*", child.GetProperty("parent").GetProperty("pattern").GetString());
        Assert.Contains("(ResourceNotFoundException)", gone.StandardError, StringComparison.Ordinal);
    }

    // API reference, ListPackageGroups (prefix, paging) and UpdatePackageGroup (contact information and description).
    [Fact]
    public async Task ListAndUpdate_ShouldFilterByPrefixPageAndKeepTheNewDescription()
    {
        foreach (var pattern in new[] { "/npm/*", "/npm/a/*", "/npm/b/*", "/maven/com.acme~" })
        {
            await GroupAsync("create-package-group", "--package-group", pattern);
        }

        var npm = await GroupAsync("list-package-groups", "--prefix", "/npm/");
        var firstPage = await GroupAsync("list-package-groups", "--max-items", "2");
        var updated = (await GroupAsync("update-package-group", "--package-group", "/npm/a/*", "--description", "team a", "--contact-info", "a@example.com"))
            .GetProperty("packageGroup");

        Assert.Equal(["/npm/*", "/npm/a/*", "/npm/b/*"], npm.GetProperty("packageGroups").EnumerateArray().Select(g => g.GetProperty("pattern").GetString()!).ToArray());
        Assert.Equal(2, firstPage.GetProperty("packageGroups").GetArrayLength());
        Assert.True(firstPage.TryGetProperty("NextToken", out _), firstPage.ToString());
        Assert.Equal(("team a", "a@example.com"), (updated.GetProperty("description").GetString(), updated.GetProperty("contactInfo").GetString()));
    }

    // API reference, ListAllowedRepositoriesForGroup, ListSubPackageGroups and ListAssociatedPackages (with preview:
    // the packages a group of that pattern would take over, before it exists).
    [Fact]
    public async Task Listings_ShouldNameAllowedRepositoriesDirectSubGroupsAndAssociatedPackages()
    {
        foreach (var package in new[] { "tool", "tool-extra", "other" })
        {
            var content = Path.Combine(_stack.DataFolder, package + ".bin");
            await File.WriteAllTextAsync(content, package);
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(content)));
            await _stack.AwsJsonAsync("codeartifact", "publish-package-version", "--domain", Domain, "--repository", "main", "--format", "generic",
                "--namespace", "team", "--package", package, "--package-version", "1.0.0", "--asset-content", content, "--asset-name", "a.bin", "--asset-sha256", sha);
        }

        await GroupAsync("create-package-group", "--package-group", "/generic/*");
        await GroupAsync("create-package-group", "--package-group", "/generic/team/*");
        await GroupAsync("create-package-group", "--package-group", "/generic/team/tool~");
        await GroupAsync("update-package-group-origin-configuration", "--package-group", "/generic/team/*", "--restrictions", "PUBLISH=ALLOW_SPECIFIC_REPOSITORIES",
            "--add-allowed-repositories", "repositoryName=main,originRestrictionType=PUBLISH");

        var allowed = await GroupAsync("list-allowed-repositories-for-group", "--package-group", "/generic/team/*", "--origin-restriction-type", "PUBLISH");
        var subGroups = await GroupAsync("list-sub-package-groups", "--package-group", "/generic/*");
        var associated = await GroupAsync("list-associated-packages", "--package-group", "/generic/team/tool~");
        var preview = await GroupAsync("list-associated-packages", "--package-group", "/generic/team/other$", "--preview");

        Assert.Equal(["main"], allowed.GetProperty("allowedRepositories").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(["/generic/team/*"], subGroups.GetProperty("packageGroups").EnumerateArray().Select(g => g.GetProperty("pattern").GetString()!).ToArray());
        Assert.Equal(["tool", "tool-extra"], associated.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("package").GetString()!).ToArray());
        Assert.Equal(["other"], preview.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("package").GetString()!).ToArray());
    }

    // Package groups are domain state like repositories: they must survive a restart of the stack on the same data folder.
    [Fact]
    public async Task Groups_ShouldSurviveARestartOfTheStack()
    {
        using var data = new TempFolder();
        await using (var first = await LocalStackHarness.StartAsync(data.Path))
        {
            await first.AwsJsonAsync("codeartifact", "create-domain", "--domain", Domain);
            await first.AwsJsonAsync("codeartifact", "create-package-group", "--domain", Domain, "--package-group", "/npm/*", "--contact-info", "npm@example.com");
            await first.AwsJsonAsync("codeartifact", "update-package-group-origin-configuration", "--domain", Domain, "--package-group", "/npm/*",
                "--restrictions", "EXTERNAL_UPSTREAM=BLOCK");
        }

        await using var second = await LocalStackHarness.StartAsync(data.Path);
        var group = (await second.AwsJsonAsync("codeartifact", "describe-package-group", "--domain", Domain, "--package-group", "/npm/*")).GetProperty("packageGroup");

        Assert.Equal("npm@example.com", group.GetProperty("contactInfo").GetString());
        Assert.Equal("BLOCK", group.GetProperty("originConfiguration").GetProperty("restrictions").GetProperty("EXTERNAL_UPSTREAM").GetProperty("mode").GetString());
    }

    private Task<JsonElement> GroupAsync(string operation, params string[] args) =>
        _stack.AwsJsonAsync(["codeartifact", operation, "--domain", Domain, .. args]);

    private async Task<string> AssociatedAsync(params string[] args)
    {
        var associated = await GroupAsync("get-associated-package-group", args);
        Assert.Equal("STRONG", associated.GetProperty("associationType").GetString());
        return associated.GetProperty("packageGroup").GetProperty("pattern").GetString()!;
    }
}
