using System.Net;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Packages;
using Governance.Core.Review;
using Governance.Functions.Tests.Support;
using Governance.Local.Upstream;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// The evidence beyond CodeArtifact's record, end to end on the governed local stack: third-party versions arrive
/// through the upstream chain from the public-registry stand-ins, the built review function asks the stack's OSV
/// endpoint and the stand-ins' own digests, and reads licenses from the artifact.
/// </summary>
public abstract class EvidenceScenarios(EndToEndFixture fixture) : UpstreamChainScenario(Store, Governed)
{
    private const string Store = "public-store";
    private const string Governed = "evidence-governed";

    [Fact]
    public async Task Review_WhenAKnownMaliciousNpmVersionArrivesFromPublicNpmjs_ShouldArchiveItWithOneNotificationNamingTheAdvisory()
    {
        var npmjs = Work.File("npmjs");
        AddNpmVersion(npmjs, "event-stream", "3.3.6", "MIT");
        AddNpmVersion(npmjs, "event-stream", "3.3.4", "MIT");
        await using var stack = await fixture.StartStackAsync("evidence-npm", o => o with { NpmjsDirectory = npmjs });
        var endpoint = await CreateChainAsync(stack, "public:npmjs", "npm");

        foreach (var version in new[] { "3.3.6", "3.3.4" })
        {
            using var tarball = await Http.GetAsync(new Uri($"{endpoint}event-stream/-/event-stream-{version}.tgz"));
            Assert.Equal(HttpStatusCode.OK, tarball.StatusCode);
        }

        await stack.WaitForQuietAsync();

        var (bad, _, verdict) = await stack.CurrentVerdictAsync("npm", null, "event-stream", "3.3.6", Governed);
        Assert.Equal("Archived", bad.Status);
        var finding = Assert.Single(verdict.BlockingFindings);
        Assert.Equal(RuleIds.IntelMalicious, finding.RuleId);
        Assert.Equal("MAL-LOCAL-0001", verdict.Evidence!.Intel!.Advisories[0].Id);
        Assert.Contains("GHSA-mh6f-8j2x-4483", verdict.Evidence.Intel.Advisories[0].Aliases);
        // The public registry's own digests (dist.integrity, dist.shasum) agreed with the bytes and the record.
        Assert.Equal("found", verdict.Evidence.Registry!.Status);
        Assert.All(verdict.Evidence.Hashes!, h => Assert.True(h.Agreed, $"{h.Algorithm} disagrees"));
        Assert.Contains(verdict.Evidence.Hashes!, h => h.Algorithm == "SHA-512" && h.Streamed is not null);

        // One notification per repository holding the version: the store's copy is reviewed and archived too.
        var email = Assert.Single(EmailsAbout(stack, "npm", null, "event-stream", "3.3.6"));
        Assert.Contains("MAL-LOCAL-0001", email.Body, StringComparison.Ordinal);
        Assert.Contains("https://osv.dev/vulnerability/MAL-LOCAL-0001", email.Body, StringComparison.Ordinal);

        // The version before the incident is clean and stays Published.
        var (good, _, goodVerdict) = await stack.CurrentVerdictAsync("npm", null, "event-stream", "3.3.4", Governed);
        Assert.Equal("Published", good.Status);
        Assert.Empty(goodVerdict.Evidence!.Intel!.Advisories);
    }

    [Fact]
    public async Task Review_WhenAMavenArtifactDeclaresItsLicenseOnlyInItsParentPom_ShouldPublishItSayingWhichParent()
    {
        var central = Work.File("central");
        AddMaven(central, "com.acme", "acme-parent", "7", parent: null, license: "The Apache Software License, Version 2.0", jar: null);
        var jar = AddMaven(central, "com.acme", "widget", "1.4", parent: ("com.acme", "acme-parent", "7"), license: null, jar: Encoding.UTF8.GetBytes("not an archive"));
        await using var stack = await fixture.StartStackAsync("evidence-parent", o => o with { MavenCentralDirectory = central });
        var endpoint = await CreateChainAsync(stack, "public:maven-central", "maven");

        // The order Maven asks in: the artifact's POM, its parent's POM (to build the model), then the jar.
        foreach (var path in new[] { "com/acme/widget/1.4/widget-1.4.pom", "com/acme/acme-parent/7/acme-parent-7.pom", "com/acme/widget/1.4/widget-1.4.jar" })
        {
            using var response = await Http.GetAsync(new Uri(endpoint + path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await stack.WaitForQuietAsync();

        var (described, _, verdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "widget", "1.4", Governed);
        Assert.Equal("Published", described.Status);
        Assert.True(verdict.Passed, string.Join("; ", verdict.Findings.Select(f => f.Message)));
        // CodeArtifact recorded no license for the widget (its POM has none); the one judged is the parent's.
        Assert.Empty((await stack.DescribeAsync("maven", "com.acme", "widget", "1.4", Governed)).Licenses ?? []);
        Assert.Equal(["The Apache Software License, Version 2.0"], verdict.Licenses.Declared);
        Assert.Equal("Apache-2.0", verdict.Licenses.Expression);
        Assert.Equal("parent-pom", verdict.Licenses.Source);
        Assert.Contains("com.acme:acme-parent:7", verdict.Licenses.Location, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(jar!)), verdict.Assets.Single(a => a.Name == "widget-1.4.jar").Sha256);
        var email = Assert.Single(EmailsAbout(stack, "maven", "com.acme", "widget", "1.4"));
        Assert.Contains("com.acme:acme-parent:7", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_WhenTheRegistryPublishesADifferentDigestOrCannotBeAsked_ShouldFailTheIntegrityOrFailClosed()
    {
        var central = Work.File("central");
        AddMaven(central, "com.acme", "swapped", "2.0", parent: null, license: "MIT", jar: Encoding.UTF8.GetBytes("swapped jar"));
        // What the public registry says it published: another file's SHA-512 beside the jar.
        File.WriteAllText(Path.Combine(central, "com", "acme", "swapped", "2.0", "swapped-2.0.jar.sha512"),
            Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes("the jar the registry published"))));
        await using var stack = await fixture.StartStackAsync("evidence-swap", o => o with { MavenCentralDirectory = central });
        var endpoint = await CreateChainAsync(stack, "public:maven-central", "maven");
        foreach (var file in new[] { "swapped-2.0.pom", "swapped-2.0.jar" })
        {
            using var response = await Http.GetAsync(new Uri($"{endpoint}com/acme/swapped/2.0/{file}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await stack.WaitForQuietAsync();

        var (described, _, verdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "swapped", "2.0", Governed);
        Assert.Equal("Unlisted", described.Status);
        var mismatch = Assert.Single(verdict.BlockingFindings);
        Assert.Equal(RuleIds.RegistryMismatch, mismatch.RuleId);
        Assert.Equal("swapped-2.0.jar", mismatch.Asset);
        Assert.Equal("streamed≠registry, codeartifact≠registry", mismatch.Evidence["disagree"]);
    }

    [Fact]
    public async Task Review_WhenTheIntelSourceCannotBeReached_ShouldQuarantineExternalVersionsAndOnlyWarnOnTheTeamsOwn()
    {
        var central = Work.File("central");
        AddMaven(central, "com.acme", "lib", "1.0", parent: null, license: "MIT", jar: Encoding.UTF8.GetBytes("lib jar"));
        // Nothing listens on port 9 of the loopback (discard): every attempt is refused at once.
        await using var stack = await fixture.StartStackAsync("evidence-nointel", o => o with { MavenCentralDirectory = central, IntelUrl = "http://127.0.0.1:9/" });
        var endpoint = await CreateChainAsync(stack, "public:maven-central", "maven");
        using (var pom = await Http.GetAsync(new Uri($"{endpoint}com/acme/lib/1.0/lib-1.0.pom")))
        {
            Assert.Equal(HttpStatusCode.OK, pom.StatusCode);
        }

        await stack.PublishNpmAsync(null, "team-tool", "1.0.0", "MIT");
        await stack.WaitForQuietAsync();

        var (external, _, externalVerdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "lib", "1.0", Governed);
        Assert.Equal("Unlisted", external.Status);
        var unreachable = Assert.Single(externalVerdict.BlockingFindings);
        Assert.Equal(RuleIds.IntelUnreachable, unreachable.RuleId);
        Assert.Equal("unreachable", externalVerdict.Evidence!.Intel!.Status);

        var (own, _, ownVerdict) = await stack.CurrentVerdictAsync("npm", null, "team-tool", "1.0.0");
        Assert.Equal("Published", own.Status);
        Assert.Contains(ownVerdict.Findings, f => f.RuleId == RuleIds.IntelUnreachable && f.Severity == FindingSeverity.Warning);
    }

    /// <summary>The notifications about the version in the governed repository (the store's copy has its own).</summary>
    private static List<EmailMessage> EmailsAbout(StackHarness stack, string format, string? ns, string name, string version) =>
        [.. stack.EmailsMentioning(PackageUrl.For(stack.VersionId(format, ns, name, version, Governed)))
            .Where(e => e.Body.Contains($"{StackHarness.Domain}/{Governed} ", StringComparison.Ordinal))];

    private void AddNpmVersion(string root, string name, string version, string license) =>
        NpmStandIn.AddVersion(root, Work.Path, name, version, license, new DateTimeOffset(2018, 9, 9, 0, 0, 0, TimeSpan.Zero));

    private static byte[]? AddMaven(string root, string groupId, string artifactId, string version, (string G, string A, string V)? parent, string? license, byte[]? jar)
    {
        var folder = Path.Combine([root, .. groupId.Split('.'), artifactId, version]);
        Directory.CreateDirectory(folder);
        var parentXml = parent is { } p ? $"<parent><groupId>{p.G}</groupId><artifactId>{p.A}</artifactId><version>{p.V}</version></parent>" : "";
        var licenses = license is null ? "" : $"<licenses><license><name>{license}</name></license></licenses>";
        File.WriteAllText(Path.Combine(folder, $"{artifactId}-{version}.pom"), $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              {parentXml}
              <groupId>{groupId}</groupId>
              <artifactId>{artifactId}</artifactId>
              <version>{version}</version>
              <packaging>{(jar is null ? "pom" : "jar")}</packaging>
              {licenses}
            </project>
            """);
        if (jar is not null)
        {
            File.WriteAllBytes(Path.Combine(folder, $"{artifactId}-{version}.jar"), jar);
        }

        return jar;
    }
}

/// <summary>The scenarios against the JIT build (the dotnet10 packaging); <c>NativeAot/</c> runs them against the NativeAOT one.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class EvidenceEndToEndTests(FunctionProgramFixture fixture) : EvidenceScenarios(fixture);
