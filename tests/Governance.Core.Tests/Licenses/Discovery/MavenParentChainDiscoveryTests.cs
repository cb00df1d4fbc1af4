using System.Text;
using Governance.Core.Evidence;
using Governance.Core.Licenses.Discovery;
using Governance.Core.Packages;

namespace Governance.Core.Tests.Licenses.Discovery;

public sealed class MavenParentChainDiscoveryTests
{
    private static string Pom(string group, string artifact, string version, (string G, string A, string V)? parent = null, string licenses = "") =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          {(parent is { } p ? $"<parent><groupId>{p.G}</groupId><artifactId>{p.A}</artifactId><version>{p.V}</version></parent>" : "")}
          <groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>
          {licenses}
          <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies>
        </project>
        """;

    private static async Task<LicenseDiscovery> DiscoverAsync(PackageVersionId id, string pom, FakePackageSource source)
    {
        await using var scan = new LicenseDiscoveryScan();
        var bytes = Encoding.UTF8.GetBytes(pom);
        var asset = new AssetDescriptor($"{id.Name}-{id.Version}.pom", bytes.Length, new Dictionary<string, string>());
        var sink = scan.SinkFor(asset)!;
        await sink.OnChunkAsync(bytes, CancellationToken.None);
        sink.OnCompleted(reachedEnd: true);
        return await scan.FinishAsync(id, source, CancellationToken.None);
    }

    [Fact]
    public async Task The_parent_chain_is_followed_through_the_repository_to_the_first_licenses()
    {
        var source = new FakePackageSource();
        source.AddPom("org.acme", "acme-parent", "3", Pom("org.acme", "acme-parent", "3", ("org.acme", "acme-root", "1")));
        source.AddPom("org.acme", "acme-root", "1", Pom("org.acme", "acme-root", "1", ("org.other", "top", "9"),
            "<licenses><license><name>The Apache Software License, Version 2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license><license><url>https://opensource.org/licenses/MIT</url></license></licenses>"));
        var id = FakePackageSource.Maven("org.acme", "lib", "1.0");
        var result = await DiscoverAsync(id, Pom("org.acme", "lib", "1.0", ("org.acme", "acme-parent", "3")), source);
        Assert.Equal(
            [
                new DiscoveredLicense(LicenseSource.ParentPom, "Apache-2.0", "org.acme:acme-root:1", null),
                new DiscoveredLicense(LicenseSource.ParentPom, "MIT", "org.acme:acme-root:1", null),
            ],
            result.Found);
        Assert.Empty(result.Notes);
        // The chain stopped at the first POM with licenses: org.other:top:9 was never asked for.
        Assert.DoesNotContain(source.Calls, c => c.Contains("org.other", StringComparison.Ordinal));
        Assert.Contains("open org.acme:acme-root:1 acme-root-1.pom", source.Calls);
    }

    [Fact]
    public async Task A_parent_with_codeartifact_license_metadata_ends_the_chain_without_opening_its_pom()
    {
        var source = new FakePackageSource();
        source.AddPom("org.acme", "acme-parent", "3", Pom("org.acme", "acme-parent", "3"), "EPL-2.0");
        var result = await DiscoverAsync(FakePackageSource.Maven("org.acme", "lib", "1.0"), Pom("org.acme", "lib", "1.0", ("org.acme", "acme-parent", "3")), source);
        Assert.Equal([new DiscoveredLicense(LicenseSource.ParentPom, "EPL-2.0", "org.acme:acme-parent:3", null)], result.Found);
        Assert.DoesNotContain(source.Calls, c => c.StartsWith("open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_versions_own_licenses_win_and_no_parent_is_read()
    {
        var source = new FakePackageSource();
        var result = await DiscoverAsync(FakePackageSource.Maven("org.acme", "lib", "1.0"),
            Pom("org.acme", "lib", "1.0", ("org.acme", "p", "1"), "<licenses><license><name>Weird Custom License</name></license></licenses>"), source);
        Assert.Equal([new DiscoveredLicense(LicenseSource.PackageManifest, "Weird Custom License", "lib-1.0.pom", null)], result.Found);
        Assert.Empty(source.Calls);
    }

    [Fact]
    public async Task A_parent_cycle_is_refused_and_named()
    {
        var source = new FakePackageSource();
        source.AddPom("g", "a", "1", Pom("g", "a", "1", ("g", "b", "1")));
        source.AddPom("g", "b", "1", Pom("g", "b", "1", ("g", "a", "1")));
        var result = await DiscoverAsync(FakePackageSource.Maven("g", "a", "1"), Pom("g", "a", "1", ("g", "b", "1")), source);
        Assert.Empty(result.Found);
        Assert.Equal("the parent chain of g:a:1 is a cycle (g:a:1 → g:b:1 → g:a:1): refused", Assert.Single(result.Notes));
    }

    [Fact]
    public async Task A_chain_deeper_than_the_bound_is_abandoned()
    {
        var source = new FakePackageSource();
        for (var i = 1; i <= 20; i++)
        {
            source.AddPom("g", $"p{i}", "1", Pom("g", $"p{i}", "1", ("g", $"p{i + 1}", "1")));
        }
        var result = await DiscoverAsync(FakePackageSource.Maven("g", "lib", "1"), Pom("g", "lib", "1", ("g", "p1", "1")), source);
        Assert.Empty(result.Found);
        Assert.StartsWith("the parent chain of g:lib:1 was abandoned after 8 parent POMs (the depth bound)", Assert.Single(result.Notes), StringComparison.Ordinal);
        Assert.Equal(8, source.Calls.Count(c => c.StartsWith("open", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_parent_missing_from_the_repository_is_noted()
    {
        var result = await DiscoverAsync(FakePackageSource.Maven("g", "lib", "1"), Pom("g", "lib", "1", ("org.apache", "apache", "23")), new FakePackageSource());
        Assert.Empty(result.Found);
        Assert.Equal("the parent POM org.apache:apache:23 is not in repository repo: the chain stops there", Assert.Single(result.Notes));
    }

    [Fact]
    public async Task A_pom_with_a_dtd_or_entities_is_refused()
    {
        const string Billion = """
            <?xml version="1.0"?>
            <!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
            <project><licenses><license><name>&b;&x;</name></license></licenses></project>
            """;
        var result = await DiscoverAsync(FakePackageSource.Maven("g", "lib", "1"), Billion, new FakePackageSource());
        Assert.Empty(result.Found);
        Assert.Equal("lib-1.pom declares a DTD, which is refused (entities could expand or reach outside the document)", Assert.Single(result.Notes));

        var source = new FakePackageSource();
        source.AddPom("g", "p", "1", Billion);
        var viaParent = await DiscoverAsync(FakePackageSource.Maven("g", "lib", "1"), Pom("g", "lib", "1", ("g", "p", "1")), source);
        Assert.Equal("the parent POM g:p:1 declares a DTD, which is refused (entities could expand or reach outside the document)", Assert.Single(viaParent.Notes));
    }

    [Fact]
    public async Task Unreadable_xml_and_unresolvable_parents_are_notes()
    {
        var broken = await DiscoverAsync(FakePackageSource.Maven("g", "lib", "1"), "<project><parent>", new FakePackageSource());
        Assert.StartsWith("lib-1.pom is not readable XML", Assert.Single(broken.Notes), StringComparison.Ordinal);

        var property = await DiscoverAsync(FakePackageSource.Maven("g", "lib", "1"), Pom("g", "lib", "1", ("g", "p", "${revision}")), new FakePackageSource());
        Assert.Equal("the parent of g:lib:1 is given as g:p:${revision}, which names no version in the repository", Assert.Single(property.Notes));
    }

    [Fact]
    public async Task The_real_commons_lang3_pom_follows_its_parent()
    {
        var pom = await File.ReadAllTextAsync("/usr/share/maven-repo/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.pom");
        var source = new FakePackageSource();
        source.AddPom("org.apache.commons", "commons-parent", "debian", Pom("org.apache.commons", "commons-parent", "debian", ("org.apache", "apache", "debian")));
        source.AddPom("org.apache", "apache", "debian", Pom("org.apache", "apache", "debian", null,
            "<licenses><license><name>Apache License, Version 2.0</name></license></licenses>"));
        var result = await DiscoverAsync(FakePackageSource.Maven("org.apache.commons", "commons-lang3", "3.12.0"), pom, source);
        Assert.Equal([new DiscoveredLicense(LicenseSource.ParentPom, "Apache-2.0", "org.apache:apache:debian", null)], result.Found);
    }
}
