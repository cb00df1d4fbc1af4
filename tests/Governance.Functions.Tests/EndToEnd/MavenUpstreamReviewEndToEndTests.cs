using System.Net;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Packages;
using Governance.Core.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// Third-party Maven versions arriving the way they do on CodeArtifact: requested through the governed repository's
/// Maven endpoint, ingested from <c>public:maven-central</c> (a stand-in directory with real POMs) into the store
/// repository and kept in the governed one, each keeping an event the built review function reviews: SHA-256
/// recomputed per asset, the license as CodeArtifact records it from the POM. And the team's own artifact
/// published with the Maven PUT protocol (INTERNAL), reviewed once, when its publish completes.
/// </summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class MavenUpstreamReviewEndToEndTests(FunctionProgramFixture fixture) : UpstreamChainScenario(Store, Governed)
{
    private const string Store = "maven-central-store";
    private const string Governed = "maven-governed";

    /// <summary>The <c>public:maven-central</c> stand-in.</summary>
    private string Central => Work.File("maven-central");

    [Fact]
    public async Task Review_WhenMavenVersionsArriveFromTheUpstreamChainOrArePublished_ShouldJudgeEachByItsPomLicenseAndRecomputedHashes()
    {
        var mitJar = AddToCentral("com.acme", "mit-lib", "1.0", "MIT");
        AddToCentral("com.acme", "gpl-lib", "2.0", "GPL-3.0-only");
        AddToCentral("com.acme", "bare-lib", "3.0", license: null);
        await using var stack = await fixture.StartStackAsync("maven-upstream", o => o with { MavenCentralDirectory = Central });
        var endpoint = await CreateChainAsync(stack, "public:maven-central", "maven");

        foreach (var (artifact, version) in new[] { ("mit-lib", "1.0"), ("gpl-lib", "2.0"), ("bare-lib", "3.0") })
        {
            using var pom = await Http.GetAsync(new Uri($"{endpoint}com/acme/{artifact}/{version}/{artifact}-{version}.pom"));
            Assert.Equal(HttpStatusCode.OK, pom.StatusCode);
        }

        using (var jar = await Http.GetAsync(new Uri($"{endpoint}com/acme/mit-lib/1.0/mit-lib-1.0.jar")))
        {
            Assert.Equal(mitJar, await jar.Content.ReadAsByteArrayAsync());
        }

        await PublishTeamAppAsync(endpoint);
        await stack.WaitForQuietAsync();

        foreach (var repository in new[] { Governed, Store })
        {
            var (described, _, verdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "mit-lib", "1.0", repository);
            Assert.Equal("Published", described.Status);
            Assert.Equal(VerdictOutcome.Pass, verdict.Outcome);
            Assert.Equal("EXTERNAL", verdict.Package.Origin);
            Assert.Equal(["MIT"], verdict.Licenses.Declared);
            Assert.Equal(2, verdict.Assets.Count);
            Assert.All(verdict.Assets, a => Assert.True(a.Verified, $"{a.Name} not verified"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(mitJar)), verdict.Assets.Single(a => a.Name == "mit-lib-1.0.jar").Sha256);
            // The evidence beyond CodeArtifact: the stack's OSV endpoint answered (nothing known), and the public
            // registry's own digest of each file agreed with the stream and CodeArtifact's record.
            Assert.Equal("answered", verdict.Evidence!.Intel!.Status);
            Assert.Empty(verdict.Evidence.Intel.Advisories);
            Assert.Equal("found", verdict.Evidence.Registry!.Status);
            Assert.Contains("/public/maven-central/", verdict.Evidence.Registry.Source, StringComparison.Ordinal);
            var jarRow = Assert.Single(verdict.Evidence.Hashes!, h => h.Asset == "mit-lib-1.0.jar");
            Assert.True(jarRow.Agreed);
            Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(mitJar)), jarRow.Streamed);
        }

        var (gpl, _, gplVerdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "gpl-lib", "2.0", Governed);
        Assert.Equal("Unlisted", gpl.Status);
        Assert.Equal(RuleIds.LicenseDenied, Assert.Single(gplVerdict.BlockingFindings).RuleId);
        var (bare, _, bareVerdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "bare-lib", "3.0", Governed);
        Assert.Equal("Unlisted", bare.Status);
        Assert.Equal(RuleIds.LicenseMissing, Assert.Single(bareVerdict.BlockingFindings).RuleId);

        var (team, teamDecision, teamVerdict) = await stack.CurrentVerdictAsync("maven", "com.acme", "team-app", "1.0.0", Governed);
        Assert.Equal("Published", team.Status);
        Assert.Equal("INTERNAL", teamVerdict.Package.Origin);
        Assert.Equal(VerdictOutcome.Pass, teamVerdict.Outcome);
        // The team's own artifact came from no public registry: nothing to compare with, and the message says why.
        Assert.Equal("not-queried", teamVerdict.Evidence!.Registry!.Status);
        Assert.True(teamDecision.Notified);
        // Reviewed once: the Unfinished steps of the publish are not reviewed, the completion is.
        Assert.Single(stack.EmailsMentioning(PackageUrl.For(stack.VersionId("maven", "com.acme", "team-app", "1.0.0", Governed))));
    }

    /// <summary>The requests <c>mvn deploy</c> sends for a release: jar, pom, their SHA-1s (Maven's checksum), then the artifact's metadata.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "SHA-1 is the checksum Maven's protocol sends.")]
    private async Task PublishTeamAppAsync(string endpoint)
    {
        var folder = $"{endpoint}com/acme/team-app/1.0.0/";
        var jar = Encoding.UTF8.GetBytes("team-app jar " + Guid.NewGuid());
        var pom = Encoding.UTF8.GetBytes(Pom("com.acme", "team-app", "1.0.0", "Apache-2.0"));
        foreach (var (name, bytes) in new[] { ("team-app-1.0.0.jar", jar), ("team-app-1.0.0.pom", pom) })
        {
            await PutAsync(folder + name, bytes);
            await PutAsync(folder + name + ".sha1", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA1.HashData(bytes))));
        }

        await PutAsync($"{endpoint}com/acme/team-app/maven-metadata.xml", Encoding.UTF8.GetBytes(
            "<metadata><groupId>com.acme</groupId><artifactId>team-app</artifactId><versioning><release>1.0.0</release><versions><version>1.0.0</version></versions></versioning></metadata>"));
    }

    private async Task PutAsync(string url, byte[] body)
    {
        using var response = await Http.PutAsync(new Uri(url), new ByteArrayContent(body));
        Assert.True(response.IsSuccessStatusCode, $"PUT {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private byte[] AddToCentral(string groupId, string artifactId, string version, string? license)
    {
        var folder = Path.Combine([Central, .. groupId.Split('.'), artifactId, version]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{artifactId}-{version}.pom"), Pom(groupId, artifactId, version, license));
        var jar = Encoding.UTF8.GetBytes($"{artifactId} {version} {Guid.NewGuid()}");
        File.WriteAllBytes(Path.Combine(folder, $"{artifactId}-{version}.jar"), jar);
        return jar;
    }

    private static string Pom(string groupId, string artifactId, string version, string? license) => $"""
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>{groupId}</groupId>
          <artifactId>{artifactId}</artifactId>
          <version>{version}</version>
          <description>{artifactId} for the upstream review tests</description>
          {(license is null ? string.Empty : $"<licenses><license><name>{license}</name></license></licenses>")}
        </project>
        """;
}
