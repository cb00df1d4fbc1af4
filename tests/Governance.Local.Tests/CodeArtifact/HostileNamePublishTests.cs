using System.Security.Cryptography;
using Governance.Local.CodeArtifact;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 15: the one input-rules module (<see cref="InputRules.PublishTarget"/>) that PublishPackageVersion, the npm
/// publish and the Maven PUT all call, on its own and through the API with the real aws CLI.
/// </summary>
public sealed class HostileNamePublishTests() : LocalStackTestBase(Domain, Repo)
{
    private const string Domain = "nextwork";
    private const string Repo = "nextwork-devops-cicd";
    private static readonly string Long256 = new('a', 256);

    public static TheoryData<string?, string, string, string, string> Hostile => new()
    {
        // namespace, package, version, the field named, the rule named
        { null, "bad name", "1.0.0", "'package'", "[^#/\\s]+" },
        { null, "bad/name", "1.0.0", "'package'", "[^#/\\s]+" },
        { null, "bad#name", "1.0.0", "'package'", "[^#/\\s]+" },
        { null, Long256, "1.0.0", "'package'", "length between 1 and 255" },
        { null, string.Empty, "1.0.0", "'package'", "length between 1 and 255" },
        { null, "bad\u0001name", "1.0.0", "'package'", "control character U+0001" },
        { null, "bad\u0000name", "1.0.0", "'package'", "control character U+0000" },
        { "bad scope", "name", "1.0.0", "'namespace'", "[^#/\\s]+" },
        { Long256, "name", "1.0.0", "'namespace'", "length between 1 and 255" },
        { "scope\u009b", "name", "1.0.0", "'namespace'", "control character U+009B" },
        { null, "name", "1.0.0 beta", "'packageVersion'", "[^#/\\s]+" },
        { null, "name", "1.0.0/x", "'packageVersion'", "[^#/\\s]+" },
        { null, "name", "1.0.0#x", "'packageVersion'", "[^#/\\s]+" },
        { null, "name", "1." + new string('0', 254), "'packageVersion'", "length between 1 and 255" },
        { null, "name", "1.0.0\u0000", "'packageVersion'", "control character U+0000" },
        { null, "name", "1.0.0\u007f", "'packageVersion'", "control character U+007F" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void PublishTarget_WhenANameOrVersionBreaksARule_ShouldThrowAValidationErrorNamingFieldAndRule(string? ns, string package, string version, string field, string rule)
    {
        var error = Assert.Throws<CodeArtifactException>(() => InputRules.PublishTarget(ns, package, version));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        // The message never echoes a raw control character or surrogate.
        Assert.DoesNotContain(error.Message, c => char.IsControl(c) || char.IsSurrogate(c));
    }

    /// <summary>Lone surrogates, in a fact: xUnit's theory data would turn them into U+FFFD before the test sees them.</summary>
    [Fact]
    public void PublishTarget_WhenANameOrVersionHoldsAnUnpairedSurrogate_ShouldThrowAValidationErrorNamingIt()
    {
        (string? Ns, string Package, string Version, string Field, string Rule)[] cases =
        [
            (null, "bad\ud800name", "1.0.0", "'package'", "unpaired surrogate U+D800"),
            (null, "bad\udc00", "1.0.0", "'package'", "unpaired surrogate U+DC00"),
            (null, "bad\udc00\ud800", "1.0.0", "'package'", "unpaired surrogate U+DC00"),
            ("scope\ud83d", "name", "1.0.0", "'namespace'", "unpaired surrogate U+D83D"),
            (null, "name", "1.0.0\ud800", "'packageVersion'", "unpaired surrogate U+D800"),
        ];
        foreach (var (ns, package, version, field, rule) in cases)
        {
            PublishTarget_WhenANameOrVersionBreaksARule_ShouldThrowAValidationErrorNamingFieldAndRule(ns, package, version, field, rule);
        }
    }

    [Theory]
    [InlineData(null, "clean-lib", "1.4.0")]
    [InlineData("acme", "clean-lib", "1.4.0-beta.1+build.7")]
    [InlineData("org.apache.commons", "commons-lang3", "3.12.0")]
    [InlineData(null, "emoji-\U0001F600", "1.0.0")]
    public void PublishTarget_WhenTheCoordinatesAreWithinTheRules_ShouldAcceptThem(string? ns, string package, string version) =>
        InputRules.PublishTarget(ns, package, version);

    /// <summary>
    /// PublishPackageVersion with the real aws CLI: what argv can carry (NUL and a lone surrogate cannot: they are
    /// covered above, on the same check the endpoint calls) is refused with a ValidationException naming the rule,
    /// and nothing is stored.
    /// </summary>
    [Theory]
    [InlineData("bad name", "1.0.0", "[^#/\\s]+")]
    [InlineData("bad/name", "1.0.0", "[^#/\\s]+")]
    [InlineData("bad#name", "1.0.0", "[^#/\\s]+")]
    [InlineData("bad\u0001name", "1.0.0", "control character U+0001")]
    [InlineData("name", "1.0.0\t", "[^#/\\s]+")]
    [InlineData("name", "1.0.0\u001b[31m", "control character U+001B")]
    public async Task PublishPackageVersion_WhenANameOrVersionBreaksARule_ShouldBeAValidationErrorAndStoreNothing(string package, string version, string rule)
    {
        var before = Written();
        var content = Work.File("asset.bin");
        await File.WriteAllTextAsync(content, "bytes that must not be stored\n");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(content)));

        var published = await Stack.AwsAsync([
            "codeartifact", "publish-package-version", "--domain", Domain, "--repository", Repo, "--format", "generic",
            "--namespace", "hostile", "--package", package, "--package-version", version,
            "--asset-content", content, "--asset-name", "asset.bin", "--asset-sha256", sha256]);

        Assert.True(published.ExitCode != 0, published.ToString());
        Assert.Contains("ValidationException", published.StandardError, StringComparison.Ordinal);
        Assert.Contains(rule, published.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, Written());
        var packages = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repo);
        Assert.Equal(0, packages.GetProperty("packages").GetArrayLength());
    }

    /// <summary>A 256-character package name through the API (the length rule).</summary>
    [Fact]
    public async Task PublishPackageVersion_WhenThePackageNameIs256Characters_ShouldBeAValidationErrorAndStoreNothing() =>
        await PublishPackageVersion_WhenANameOrVersionBreaksARule_ShouldBeAValidationErrorAndStoreNothing(Long256, "1.0.0", "length between 1 and 255");

    private (int Events, int Blobs) Written()
    {
        var events = Path.Combine(Stack.DataFolder, "events.jsonl");
        var blobs = Path.Combine(Stack.DataFolder, "blobs");
        return (File.Exists(events) ? File.ReadAllLines(events).Count(l => l.Length > 0) : 0,
            Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Count() : 0);
    }
}
