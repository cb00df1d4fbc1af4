using System.Diagnostics;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Licenses.Discovery;
using Governance.Core.Packages;
using Xunit.Abstractions;

namespace Governance.Core.Tests.Licenses.Discovery;

public sealed class LicenseDiscoveryScanTests(ITestOutputHelper output)
{
    private const string Lang3 = "/usr/share/maven-repo/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar";
    private static readonly HashKind[] Hashes = [HashKind.Sha256, HashKind.Sha1];

    private static AssetDescriptor Asset(string name, byte[] bytes) => new(name, bytes.Length, new Dictionary<string, string>());

    [Fact]
    public async Task Hashing_through_the_sink_gives_the_same_digests_and_the_scan_finds_the_license()
    {
        var bytes = await File.ReadAllBytesAsync(Lang3);
        var plain = await StreamVerifier.VerifyAsync(new ChoppyStream(bytes), Hashes, null, CancellationToken.None);

        await using var scan = new LicenseDiscoveryScan();
        var asset = Asset("commons-lang3-3.12.0.jar", bytes);
        var watch = Stopwatch.StartNew();
        var withSink = await StreamVerifier.VerifyAsync(new ChoppyStream(bytes), Hashes, null, scan.SinkFor(asset), CancellationToken.None);
        var id = new PackageVersionId("d", "1", "r", "maven", "org.apache.commons", "commons-lang3", "3.12.0");
        var discovery = await scan.FinishAsync(id, new FakePackageSource(), CancellationToken.None);
        output.WriteLine($"hash + scan: {watch.ElapsedMilliseconds} ms");

        Assert.Equal(plain.Digests, withSink.Digests);
        Assert.Equal(bytes.Length, withSink.BytesRead);
        var license = Assert.Single(discovery.Found);
        Assert.Equal((LicenseSource.LicenseFile, "Apache-2.0", "META-INF/LICENSE.txt in commons-lang3-3.12.0.jar"), (license.Source, license.License, license.Location));
        Assert.InRange(license.Score!.Value, 0.9, 1.0);
        Assert.Contains("no POM was streamed, so the parent chain was not followed", discovery.Notes);
    }

    [Fact]
    public async Task Large_asset_digests_are_unchanged_when_the_reader_stops_early()
    {
        // A 64 MiB stream that is not an archive: the reader stops at once and every later chunk is dropped.
        await using var scan = new LicenseDiscoveryScan();
        var sink = scan.SinkFor(new AssetDescriptor("big.jar", 64L << 20, new Dictionary<string, string>()));
        var plain = await StreamVerifier.VerifyAsync(new Integrity.PatternStream(64L << 20), Hashes, null, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var withSink = await StreamVerifier.VerifyAsync(new Integrity.PatternStream(64L << 20), Hashes, null, sink, CancellationToken.None);
        output.WriteLine($"64 MiB with a stopped reader: {watch.ElapsedMilliseconds} ms");
        Assert.Equal(plain.Digests, withSink.Digests);
        var discovery = await scan.FinishAsync(FakePackageSource.Maven("g", "a", "1"), new FakePackageSource(), CancellationToken.None);
        Assert.Contains("big.jar is not a zip archive", discovery.Notes);
    }

    [Fact]
    public async Task A_retried_download_replaces_the_interrupted_attempt()
    {
        var bytes = await File.ReadAllBytesAsync(Lang3);
        await using var scan = new LicenseDiscoveryScan();
        var asset = Asset("commons-lang3-3.12.0.jar", bytes);

        var first = scan.SinkFor(asset)!;
        await first.OnChunkAsync(bytes.AsMemory(0, 1000), CancellationToken.None);
        first.OnCompleted(reachedEnd: false);

        var second = await StreamVerifier.VerifyAsync(new ChoppyStream(bytes), Hashes, null, scan.SinkFor(asset), CancellationToken.None);
        Assert.False(second.SizeLimitExceeded);
        var discovery = await scan.FinishAsync(FakePackageSource.Maven("org.apache.commons", "commons-lang3", "3.12.0"), new FakePackageSource(), CancellationToken.None);
        Assert.Single(discovery.Found, f => f.License == "Apache-2.0");
        Assert.DoesNotContain(discovery.Notes, n => n.Contains("stopped before the end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_asset_cut_by_the_size_limit_is_noted_as_incomplete()
    {
        var bytes = await File.ReadAllBytesAsync(Lang3);
        await using var scan = new LicenseDiscoveryScan();
        var result = await StreamVerifier.VerifyAsync(new ChoppyStream(bytes), Hashes, 50_000, scan.SinkFor(Asset("x.jar", bytes)), CancellationToken.None);
        Assert.True(result.SizeLimitExceeded);
        var discovery = await scan.FinishAsync(FakePackageSource.Maven("g", "x", "1"), new FakePackageSource(), CancellationToken.None);
        Assert.Contains(discovery.Notes, n => n.StartsWith("x.jar could not be read to its end: the download stopped before the end of the asset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pom_streamed_with_the_jar_drives_the_parent_chain()
    {
        var jar = await File.ReadAllBytesAsync(Lang3);
        var pom = await File.ReadAllBytesAsync("/usr/share/maven-repo/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.pom");
        var source = new FakePackageSource();
        source.AddPom("org.apache.commons", "commons-parent", "debian", "<project><licenses><license><name>Apache-2.0</name></license></licenses></project>");
        await using var scan = new LicenseDiscoveryScan();
        Assert.Null(scan.SinkFor(Asset("commons-lang3-3.12.0-sources.jar", jar)));
        await StreamVerifier.VerifyAsync(new ChoppyStream(jar), Hashes, null, scan.SinkFor(Asset("commons-lang3-3.12.0.jar", jar)), CancellationToken.None);
        await StreamVerifier.VerifyAsync(new ChoppyStream(pom), Hashes, null, scan.SinkFor(Asset("commons-lang3-3.12.0.pom", pom)), CancellationToken.None);
        var discovery = await scan.FinishAsync(FakePackageSource.Maven("org.apache.commons", "commons-lang3", "3.12.0"), source, CancellationToken.None);
        Assert.Contains(discovery.Found, f => f is { Source: LicenseSource.LicenseFile, License: "Apache-2.0" });
        Assert.Contains(new DiscoveredLicense(LicenseSource.ParentPom, "Apache-2.0", "org.apache.commons:commons-parent:debian", null), discovery.Found);
    }

    [Fact]
    public async Task A_sink_that_was_never_fed_does_not_hang_the_finish()
    {
        await using var scan = new LicenseDiscoveryScan();
        _ = scan.SinkFor(Asset("never-1.0.jar", [1]));
        var finish = scan.FinishAsync(FakePackageSource.Maven("g", "never", "1.0"), new FakePackageSource(), CancellationToken.None);
        var done = await Task.WhenAny(finish, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(finish, done);
        Assert.Contains("never-1.0.jar could not be read to its end: the download stopped before the end of the asset", (await finish).Notes);
    }

    [Fact]
    public async Task Many_license_files_stop_at_the_candidate_bound()
    {
        var zip = Archives.Zip(Enumerable.Range(0, 40).Select(i => ($"LICENSE-{i}", Archives.Spdx("MIT"))), descriptors: true);
        await using var scan = new LicenseDiscoveryScan();
        await StreamVerifier.VerifyAsync(new ChoppyStream(zip), Hashes, null, scan.SinkFor(Asset("many.zip", zip)), CancellationToken.None);
        var discovery = await scan.FinishAsync(FakePackageSource.Maven("g", "many", "1"), new FakePackageSource(), CancellationToken.None);
        Assert.Equal(32, discovery.Found.Count);
        Assert.Contains("many.zip holds more than 32 license and manifest files (the candidate bound): the rest were not read", discovery.Notes);
    }

    [Fact]
    public async Task The_policy_switches_turn_each_source_off()
    {
        var jar = Asset("a-1.jar", [1]);
        var pom = Asset("a-1.pom", [1]);
        await using var noArchives = new LicenseDiscoveryScan(new LicenseDiscoveryOptions { ReadArchives = false });
        Assert.Null(noArchives.SinkFor(jar));
        Assert.NotNull(noArchives.SinkFor(pom));
        await using var noParents = new LicenseDiscoveryScan(new LicenseDiscoveryOptions { FollowParentPom = false });
        Assert.NotNull(noParents.SinkFor(jar));
        Assert.Null(noParents.SinkFor(pom));
        var discovery = await noParents.FinishAsync(FakePackageSource.Maven("g", "a", "1"), new FakePackageSource(), CancellationToken.None);
        Assert.DoesNotContain(discovery.Notes, n => n.Contains("POM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_propagates_from_finish()
    {
        var bytes = await File.ReadAllBytesAsync(Lang3);
        await using var scan = new LicenseDiscoveryScan();
        var sink = scan.SinkFor(Asset("x.jar", bytes))!;
        await sink.OnChunkAsync(bytes.AsMemory(0, 4096), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            scan.FinishAsync(FakePackageSource.Maven("g", "x", "1"), new FakePackageSource(), cancelled.Token));
    }
}
