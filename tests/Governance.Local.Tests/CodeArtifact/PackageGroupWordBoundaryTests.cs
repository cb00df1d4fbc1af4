using System.Security.Cryptography;
using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14: package group patterns ending in <c>~</c> match at word boundaries, with the real aws CLI. Every test
/// follows the user guide's "Package group definition syntax and matching behavior"
/// (https://docs.aws.amazon.com/codeartifact/latest/ug/package-group-definition-syntax-matching-behavior.html),
/// section "Words, word boundaries, and prefix matching": a word is <c>[\p{L}\p{N}][\p{L}\p{N}\p{M}]*</c>, a word
/// boundary is where a word ends, <c>~</c> matches a prefix ending on one, and after a non-word character the pattern
/// must use <c>*</c>; and section "Package group hierarchy and pattern specificity" for which group a package is in.
/// </summary>
public sealed class PackageGroupWordBoundaryTests : IAsyncLifetime
{
    private const string Domain = "words";
    private LocalStackHarness _stack = null!;

    public async Task InitializeAsync() => _stack = await LocalStackHarness.StartWithRepositoryAsync(Domain, "main");

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    // The page's example: /npm/space/foo~ matches foo and foo-bar, not food or foot. Punctuation ends a word, a digit
    // does not.
    [Fact]
    public async Task NamePrefix_ShouldMatchOnlyWhereAWordEnds()
    {
        await CreateAsync("/npm/space/*", "/npm/space/foo~");
        string[] packages = ["foo", "foo-bar", "foo.bar", "foo_bar", "food", "foot", "foo1"];

        var associated = await AssociatedEachAsync(packages, p => ["--format", "npm", "--namespace", "space", "--package", p]);

        Assert.Equal(
            ["foo /npm/space/foo~", "foo-bar /npm/space/foo~", "foo.bar /npm/space/foo~", "foo_bar /npm/space/foo~", "food /npm/space/*", "foot /npm/space/*", "foo1 /npm/space/*"],
            associated);
    }

    // The page's note: word boundaries are not dictionary words nor camelCase ("no word boundary in oneword or
    // OneWord"); numbers are word characters, marks (accents) continue a word, and any script's letters are letters.
    [Fact]
    public async Task WordDefinition_ShouldFollowLettersNumbersAndMarksNotCamelCase()
    {
        await CreateAsync("/npm/space/One~", "/npm/space/v1~", "/npm/space/cafe~", "/npm/space/caf\u00e9~", "/npm/space/\u540d\u524d~", "/npm/space/na\u0303o~");
        string[] packages = ["OneWord", "One.Word", "v10", "v1.2", "cafe\u0301-ui", "cafe-ui", "caf\u00e9-ui", "\u540d\u524d-ui", "\u540d\u524d\u5b57", "na\u0303o.x"];

        var associated = await AssociatedEachAsync(packages, p => ["--format", "npm", "--namespace", "space", "--package", p]);

        Assert.Equal(
            [
                "OneWord /*", "One.Word /npm/space/One~", "v10 /*", "v1.2 /npm/space/v1~", "cafe\u0301-ui /*", "cafe-ui /npm/space/cafe~",
                "caf\u00e9-ui /npm/space/caf\u00e9~", "\u540d\u524d-ui /npm/space/\u540d\u524d~", "\u540d\u524d\u5b57 /*", "na\u0303o.x /npm/space/na\u0303o~",
            ],
            associated);
    }

    // The page's namespace prefix example, /maven/com.anycompany~: a namespace continuing the last word is not matched.
    [Fact]
    public async Task NamespacePrefix_ShouldMatchOnlyWhereAWordEnds()
    {
        await CreateAsync("/maven/*", "/maven/com.anycompany~");
        string[] namespaces = ["com.anycompany", "com.anycompany.ui", "com.anycompany-labs", "com.anycompanyx", "com.any"];

        var associated = await AssociatedEachAsync(namespaces, ns => ["--format", "maven", "--namespace", ns, "--package", "core"]);

        Assert.Equal(
            ["com.anycompany /maven/com.anycompany~", "com.anycompany.ui /maven/com.anycompany~", "com.anycompany-labs /maven/com.anycompany~", "com.anycompanyx /maven/*", "com.any /maven/*"],
            associated);
    }

    // "Package group hierarchy and pattern specificity": a package is in the most specific group it matches; exact
    // beats a name prefix, a longer word prefix beats a shorter one, and a prefix that does not end on a boundary of
    // the name is no match at all, so the package falls to the namespace group rather than to the shorter prefix.
    [Fact]
    public async Task Specificity_ShouldRankExactThenLongestWordPrefixThenNamespace()
    {
        await CreateAsync("/generic/*", "/generic/team~", "/generic/team/*", "/generic/team/tool~", "/generic/team/tool-kit~", "/generic/team/tool-kit$");
        string[] coordinates = ["team/tool-kit", "team/tool-kit-extra", "team/tool-kits", "team/tool.x", "team/toolbox", "team.sub/tool", "teamwork/tool"];

        var associated = await AssociatedEachAsync(coordinates, c => ["--format", "generic", "--namespace", c.Split('/')[0], "--package", c.Split('/')[1]]);

        Assert.Equal(
            [
                "team/tool-kit /generic/team/tool-kit$", "team/tool-kit-extra /generic/team/tool-kit~", "team/tool-kits /generic/team/tool~",
                "team/tool.x /generic/team/tool~", "team/toolbox /generic/team/*", "team.sub/tool /generic/team~", "teamwork/tool /generic/*",
            ],
            associated);
    }

    // The hierarchy follows the same rule: /generic/team/toolbox~ is not inside /generic/team/tool~ (toolbox does not
    // start with the word tool), /generic/team/tool-kit~ is.
    [Fact]
    public async Task Parents_ShouldBeTheMostSpecificGroupCoveringTheWordPrefix()
    {
        await CreateAsync("/generic/team/*", "/generic/team/tool~", "/generic/team/tool-kit~", "/generic/team/toolbox~");

        var children = await AwsAsync("list-sub-package-groups", "--package-group", "/generic/team/tool~");
        var toolbox = (await AwsAsync("describe-package-group", "--package-group", "/generic/team/toolbox~")).GetProperty("packageGroup");

        Assert.Equal(["/generic/team/tool-kit~"], children.GetProperty("packageGroups").EnumerateArray().Select(g => g.GetProperty("pattern").GetString()!).ToArray());
        Assert.Equal("/generic/team/*", toolbox.GetProperty("parent").GetProperty("pattern").GetString());
    }

    // ListAssociatedPackages (API reference) with published packages: the group takes the packages whose names start
    // with the word, and the preview of a group not yet created applies the same rule.
    [Fact]
    public async Task ListAssociatedPackages_ShouldListThePackagesStartingWithTheWord()
    {
        foreach (var package in new[] { "foo", "foo-bar", "foo.baz", "food", "foot", "foobar" })
        {
            await PublishGenericAsync("space", package);
        }

        await CreateAsync("/generic/space/foo~");
        var associated = await AwsAsync("list-associated-packages", "--package-group", "/generic/space/foo~");
        var preview = await AwsAsync("list-associated-packages", "--package-group", "/generic/space/food~", "--preview");

        Assert.Equal(["foo", "foo-bar", "foo.baz"], Packages(associated));
        Assert.Equal(["food"], Packages(preview));
    }

    // "A wildcard (*) is required to be used instead of ~ when following a non-word character": a ~ after punctuation,
    // or with nothing before it, is a ValidationException, and no group is created.
    [Theory]
    [InlineData("/npm/space/foo-~")]
    [InlineData("/npm/space/foo.~")]
    [InlineData("/npm/space/foo_~")]
    [InlineData("/npm/space/~")]
    [InlineData("/maven/com.anycompany.~")]
    [InlineData("/maven/~")]
    [InlineData("/npm/space/\u0301~")]
    public async Task Create_WithATildeAfterANonWordCharacter_ShouldBeAValidationException(string pattern)
    {
        var result = await _stack.AwsAsync(["codeartifact", "create-package-group", "--domain", Domain, "--package-group", pattern]);
        var groups = await AwsAsync("list-package-groups");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("(ValidationException)", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(["/*"], groups.GetProperty("packageGroups").EnumerateArray().Select(g => g.GetProperty("pattern").GetString()!).ToArray());
    }

    private async Task CreateAsync(params string[] patterns)
    {
        foreach (var pattern in patterns)
        {
            await AwsAsync("create-package-group", "--package-group", pattern);
        }
    }

    /// <summary>GetAssociatedPackageGroup for each input, as "input pattern" lines in input order.</summary>
    private async Task<string[]> AssociatedEachAsync(string[] inputs, Func<string, string[]> arguments)
    {
        var lines = new List<string>();
        foreach (var input in inputs)
        {
            var group = await AwsAsync(["get-associated-package-group", .. arguments(input)]);
            lines.Add($"{input} {group.GetProperty("packageGroup").GetProperty("pattern").GetString()}");
        }

        return [.. lines];
    }

    private async Task PublishGenericAsync(string ns, string package)
    {
        var content = Path.Combine(_stack.DataFolder, package + ".bin");
        await File.WriteAllTextAsync(content, package);
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));
        await AwsAsync("publish-package-version", "--repository", "main", "--format", "generic", "--namespace", ns, "--package", package,
            "--package-version", "1.0.0", "--asset-content", content, "--asset-name", "a.bin", "--asset-sha256", sha);
    }

    private Task<JsonElement> AwsAsync(params string[] args) => _stack.AwsJsonAsync(["codeartifact", args[0], "--domain", Domain, .. args[1..]]);

    private static string[] Packages(JsonElement listing) =>
        listing.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("package").GetString()!).ToArray();
}
