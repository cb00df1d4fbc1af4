using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Governance.Core.Evidence;
using Governance.Core.Licenses.Discovery;
using Xunit.Abstractions;

namespace Governance.Core.Tests.Licenses.Discovery;

public sealed class ArchiveLicenseReaderTests(ITestOutputHelper output)
{
    private const string MavenRepo = "/usr/share/maven-repo";
    private const string Lang3 = MavenRepo + "/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar";
    // Written by java.util.zip with data descriptors (general-purpose bit 3) on every deflated entry.
    private const string Lang26 = MavenRepo + "/commons-lang/commons-lang/2.6/commons-lang-2.6.jar";
    private const string Oro = MavenRepo + "/oro/oro/2.0.8/oro-2.0.8.jar";

    private static readonly ArchiveLicenseReader Reader = ArchiveLicenseReader.Default;

    private static Task<ArchiveScanResult> ReadAsync(byte[] bytes, string name, ArchiveLicenseReader? reader = null) =>
        (reader ?? Reader).ReadAsync(new ChoppyStream(bytes), name, CancellationToken.None);

    [Fact]
    public async Task Commons_lang3_jar_is_apache_2_from_its_meta_inf_license()
    {
        _ = LicenseTextMatcher.Default.TextCount;
        var bytes = await File.ReadAllBytesAsync(Lang3);
        var watch = Stopwatch.StartNew();
        var result = await Reader.ReadAsync(new MemoryStream(bytes), "commons-lang3-3.12.0.jar", CancellationToken.None);
        output.WriteLine($"commons-lang3-3.12.0.jar ({bytes.Length:N0} bytes) scanned in {watch.ElapsedMilliseconds} ms");
        var license = Assert.Single(result.Found, f => f.Source == LicenseSource.LicenseFile);
        Assert.Equal("Apache-2.0", license.License);
        Assert.Equal("META-INF/LICENSE.txt in commons-lang3-3.12.0.jar", license.Location);
        Assert.True(license.Score >= 0.9);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task A_jar_with_data_descriptors_is_walked_to_its_end_through_choppy_reads()
    {
        var bytes = await File.ReadAllBytesAsync(Lang26);
        for (var seed = 1; seed <= 5; seed++)
        {
            var result = await Reader.ReadAsync(new ChoppyStream(bytes, seed), "commons-lang-2.6.jar", CancellationToken.None);
            var license = Assert.Single(result.Found);
            Assert.Equal("Apache-2.0", license.License);
            Assert.Equal("META-INF/LICENSE.txt in commons-lang-2.6.jar", license.Location);
            Assert.Empty(result.Notes);
        }
    }

    [Fact]
    public async Task A_license_in_a_comment_block_is_matched()
    {
        var result = await ReadAsync(await File.ReadAllBytesAsync(Oro), "oro-2.0.8.jar");
        var license = Assert.Single(result.Found);
        Assert.Equal("Apache-1.1", license.License);
        Assert.Equal("META-INF/LICENSE in oro-2.0.8.jar", license.Location);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Zips_with_and_without_descriptors_give_the_same_findings(bool descriptors)
    {
        var random = new Random(3);
        var noise = new byte[300_000];
        random.NextBytes(noise);
        var zip = Archives.Zip(
        [
            ("META-INF/", []),
            ("META-INF/MANIFEST.MF", Archives.Utf8("Manifest-Version: 1.0\n")),
            ("com/acme/Big.class", noise),
            ("com/acme/Zeros.bin", new byte[200_000]),
            ("META-INF/LICENSE.md", Archives.Utf8(Archives.Spdx("MIT").Replace("<year> <copyright holders>", "2024 Acme", StringComparison.Ordinal))),
            ("deep/er/LICENSE", Archives.Utf8(Archives.Spdx("GPL-3.0-only"))),
            ("COPYING.LESSER", Archives.Utf8(Archives.Spdx("LGPL-3.0-only"))),
        ], descriptors);
        var result = await ReadAsync(zip, "acme-1.0.jar");
        Assert.Equal(["LGPL-3.0-only", "MIT"], result.Found.Select(f => f.License).Order());
        Assert.Contains(result.Found, f => f.Location == "META-INF/LICENSE.md in acme-1.0.jar");
        Assert.DoesNotContain(result.Notes, n => n.Contains("stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wheel_declares_its_license_expression_and_classifiers()
    {
        var wheel = Archives.Zip(
        [
            ("acme/__init__.py", "x = 1\n"),
            ("acme-1.0.dist-info/METADATA", "Metadata-Version: 2.4\nName: acme\nLicense-Expression: MIT OR Apache-2.0\nClassifier: License :: OSI Approved :: MIT License\n\nLicense: not a header\n"),
            ("acme-1.0.dist-info/licenses/LICENSE.txt", Archives.Spdx("Apache-2.0")),
        ], descriptors: false);
        var result = await ReadAsync(wheel, "acme-1.0-py3-none-any.whl");
        Assert.Contains(result.Found, f => f is { Source: LicenseSource.PackageManifest, License: "MIT OR Apache-2.0", Location: "acme-1.0.dist-info/METADATA in acme-1.0-py3-none-any.whl" });
        Assert.Contains(result.Found, f => f is { Source: LicenseSource.LicenseFile, License: "Apache-2.0" });
        Assert.DoesNotContain(result.Found, f => f.License.Contains("Classifier", StringComparison.Ordinal) || f.License.StartsWith("License ::", StringComparison.Ordinal));

        var sdist = Archives.TarGz(
        [
            ("acme-1.0/PKG-INFO", Archives.Utf8("Metadata-Version: 1.2\nName: acme\nLicense: BSD\nClassifier: License :: OSI Approved :: BSD License\nClassifier: License :: OSI Approved\n")),
        ]);
        var legacy = await ReadAsync(sdist, "acme-1.0.tar.gz");
        Assert.Equal(["BSD", "License :: OSI Approved :: BSD License"], legacy.Found.Select(f => f.License));
    }

    [Fact]
    public async Task A_long_license_field_in_pkg_info_is_matched_as_a_text()
    {
        var mit = string.Join("\n        ", Archives.Spdx("MIT").Split('\n'));
        var sdist = Archives.TarGz([("acme-1.0/PKG-INFO", Archives.Utf8($"Metadata-Version: 1.2\nName: acme\nLicense: {mit}\n\nbody\n"))]);
        var result = await ReadAsync(sdist, "acme-1.0.tar.gz");
        var found = Assert.Single(result.Found);
        Assert.Equal("MIT", found.License);
        Assert.Equal(LicenseSource.LicenseFile, found.Source);
    }

    [Fact]
    public async Task A_nupkg_declares_an_expression_or_points_at_its_license_file()
    {
        var expression = Archives.Zip(
        [
            ("Acme.nuspec", "<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>Acme</id><license type=\"expression\">MIT</license><licenseUrl>https://licenses.nuget.org/MIT</licenseUrl></metadata></package>"),
            ("lib/net8.0/Acme.dll", "MZ"),
        ], descriptors: false);
        var result = await ReadAsync(expression, "acme.1.0.0.nupkg");
        var found = Assert.Single(result.Found);
        Assert.Equal(new DiscoveredLicense(LicenseSource.PackageManifest, "MIT", "Acme.nuspec in acme.1.0.0.nupkg", null), found);

        var file = Archives.Zip(
        [
            ("Acme.nuspec", "<package><metadata><license type=\"file\">docs/TERMS.txt</license></metadata></package>"),
            ("docs/TERMS.txt", Archives.Spdx("BSD-2-Clause")),
        ], descriptors: true);
        var fromFile = await ReadAsync(file, "acme.1.0.0.nupkg");
        Assert.Equal("BSD-2-Clause", Assert.Single(fromFile.Found).License);
    }

    [Fact]
    public async Task An_npm_tarball_gives_its_manifest_and_its_license_file()
    {
        var tgz = Archives.TarGz(
        [
            ("package/package.json", Archives.Utf8("{\"name\":\"acme\",\"version\":\"1.0.0\",\"license\":\"ISC\",\"licenses\":[{\"type\":\"MIT\",\"url\":\"x\"}]}")),
            ("package/index.js", Archives.Utf8("module.exports = 1;\n")),
            ("package/LICENSE", Archives.Utf8("ISC License\n\n" + Archives.Spdx("ISC"))),
            ("package/node_modules/dep/LICENSE", Archives.Utf8(Archives.Spdx("GPL-3.0-only"))),
        ]);
        var result = await ReadAsync(tgz, "acme-1.0.0.tgz");
        Assert.Contains(new DiscoveredLicense(LicenseSource.PackageManifest, "ISC", "package/package.json in acme-1.0.0.tgz", null), result.Found);
        Assert.Contains(new DiscoveredLicense(LicenseSource.PackageManifest, "MIT", "package/package.json in acme-1.0.0.tgz", null), result.Found);
        Assert.Contains(result.Found, f => f is { Source: LicenseSource.LicenseFile, License: "ISC", Location: "package/LICENSE in acme-1.0.0.tgz" });
        Assert.DoesNotContain(result.Found, f => f.License.StartsWith("GPL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_text_below_the_threshold_is_a_note_with_its_best_score()
    {
        var zip = Archives.Zip([("LICENSE", Archives.Spdx("MIT")[..400] + " and also you owe us a pizza every Friday for the rest of time.")], descriptors: false);
        var result = await ReadAsync(zip, "x.zip");
        Assert.Empty(result.Found);
        var note = Assert.Single(result.Notes);
        Assert.Matches(@"^LICENSE in x\.zip matches no SPDX license text: the closest is \S+ at 0\.\d\d \(below the 0\.90 threshold\)$", note);
    }

    // ---- hostile input ----

    [Fact]
    public async Task A_zip_bomb_stops_at_the_ratio_bound_quickly()
    {
        var zeros = new byte[200 * 1024 * 1024];
        var bomb = Archives.Zip([("payload.bin", zeros), ("LICENSE", Archives.Utf8(Archives.Spdx("MIT")))], descriptors: true, CompressionLevel.SmallestSize);
        output.WriteLine($"bomb: {bomb.Length:N0} bytes for {zeros.Length:N0}");
        var watch = Stopwatch.StartNew();
        var result = await ReadAsync(bomb, "bomb.jar");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var note = Assert.Single(result.Notes);
        Assert.Equal("reading bomb.jar stopped at payload.bin: it inflates more than 200 times its compressed size (the compression-ratio bound)", note);
    }

    [Fact]
    public async Task The_total_uncompressed_bound_stops_a_large_archive_and_says_so()
    {
        var random = new Random(11);
        var entries = Enumerable.Range(0, 8).Select(i =>
        {
            var data = new byte[1024 * 1024];
            random.NextBytes(data);
            return ($"blob{i}.bin", data);
        }).ToList();
        var zip = Archives.Zip(entries, descriptors: true, CompressionLevel.Fastest);
        var reader = new ArchiveLicenseReader(LicenseTextMatcher.Default, new LicenseDiscoveryOptions { MaxUncompressedBytes = 4 * 1024 * 1024 });
        var result = await ReadAsync(zip, "big.jar", reader);
        Assert.Equal("reading big.jar stopped after inflating 4 MiB (the uncompressed-size bound)", Assert.Single(result.Notes));
    }

    [Fact]
    public async Task A_tar_of_100000_entries_stops_at_the_entry_bound()
    {
        var tgz = Archives.TarGz(Enumerable.Range(0, 100_000).Select(i => ($"package/f{i}.js", Array.Empty<byte>())));
        var watch = Stopwatch.StartNew();
        var result = await ReadAsync(tgz, "many-1.0.0.tgz");
        output.WriteLine($"{tgz.Length:N0} bytes; stopped in {watch.ElapsedMilliseconds} ms");
        Assert.Equal("reading many-1.0.0.tgz stopped after 20,000 entries (the entry bound)", Assert.Single(result.Notes));
    }

    [Fact]
    public async Task A_tar_header_with_megabytes_of_attributes_stops_before_the_reader_allocates_them()
    {
        var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "package/LICENSE") { DataStream = new MemoryStream(Archives.Utf8(Archives.Spdx("MIT"))) });
            var attributes = new Dictionary<string, string> { ["comment"] = new string('y', 5_000_000) };
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "package/x.js", attributes) { DataStream = new MemoryStream([1]) });
        }
        var result = await ReadAsync(memory.ToArray(), "attr-1.0.0.tgz");
        Assert.Equal("MIT", Assert.Single(result.Found).License);
        Assert.StartsWith("reading attr-1.0.0.tgz stopped at a tar header carrying 5,000,", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_50_MB_license_file_is_read_only_to_its_bound()
    {
        var mit = Archives.Spdx("MIT") + "\n";
        var big = new StringBuilder(50 * 1024 * 1024 + mit.Length);
        while (big.Length < 50 * 1024 * 1024)
        {
            big.Append(mit);
        }
        var bytes = Archives.Utf8(big.ToString());
        foreach (var (archive, name) in new[]
        {
            (Archives.TarGz([("package/LICENSE", bytes)]), "huge-1.0.0.tgz"),
            (Archives.Zip([("LICENSE.txt", bytes)], descriptors: true), "huge.jar"),
            (Archives.Zip([("LICENSE.txt", bytes)], descriptors: false), "huge.zip"),
        })
        {
            var watch = Stopwatch.StartNew();
            var result = await ReadAsync(archive, name);
            output.WriteLine($"{name}: {watch.ElapsedMilliseconds} ms");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Contains(result.Notes, n => n.Contains("only its first 256 KiB were read: the candidate-size bound", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_truncated_jar_is_a_note_not_an_exception()
    {
        var bytes = await File.ReadAllBytesAsync(Lang26);
        // Cut inside the entries (a cut inside the central directory loses nothing the walk needs).
        foreach (var length in new[] { 10, 31, 1000, 100_000, bytes.Length / 2, bytes.Length * 9 / 10 })
        {
            var result = await ReadAsync(bytes[..length], "commons-lang-2.6.jar");
            Assert.NotEmpty(result.Notes);
            Assert.All(result.Notes, n => Assert.Contains("commons-lang-2.6.jar", n));
        }
    }

    [Fact]
    public async Task Garbage_with_a_jar_name_is_not_a_zip()
    {
        var garbage = new byte[100_000];
        new Random(1).NextBytes(garbage);
        var result = await ReadAsync(garbage, "evil-1.0.jar");
        Assert.Empty(result.Found);
        Assert.Equal("evil-1.0.jar is not a zip archive", Assert.Single(result.Notes));
        var tgz = await ReadAsync(garbage, "evil-1.0.tgz");
        Assert.Equal("evil-1.0.tgz is not a gzip-compressed tar", Assert.Single(tgz.Notes));
        var gzipOfGarbage = new MemoryStream();
        using (var gz = new GZipStream(gzipOfGarbage, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(garbage);
        }
        var notTar = await ReadAsync(gzipOfGarbage.ToArray(), "evil-1.0.tgz");
        Assert.Contains("could not be read", Assert.Single(notTar.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traversal_names_are_only_names()
    {
        var before = Directory.GetFiles(Path.GetTempPath()).Length;
        var zip = Archives.Zip(
        [
            ("../../../../tmp/LICENSE", Archives.Spdx("MIT")),
            ("../LICENSE", Archives.Spdx("MIT")),
            ("/etc/LICENSE", Archives.Spdx("ISC")),
            ("..\\..\\COPYING", Archives.Spdx("BSD-2-Clause")),
            ("bad\u0007name/LICENSE", Archives.Spdx("0BSD")),
        ], descriptors: true);
        var result = await ReadAsync(zip, "trav.jar");
        // "..\..\COPYING" is three levels down once backslashes are separators, like the four-level "../../../../tmp/LICENSE".
        Assert.Equal(["0BSD", "ISC", "MIT"], result.Found.Select(f => f.License).Order());
        Assert.Contains(result.Found, f => f.Location == "../LICENSE in trav.jar");
        Assert.Contains(result.Found, f => f.Location == "bad?name/LICENSE in trav.jar");
        Assert.Contains(result.Found, f => f.Location == "etc/LICENSE in trav.jar");
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath()).Length);
    }

    [Fact]
    public async Task A_stored_entry_with_a_descriptor_cannot_be_delimited_and_says_so()
    {
        var zip = Archives.Zip([("a.txt", new byte[100]), ("LICENSE", Archives.Utf8(Archives.Spdx("MIT")))], descriptors: true, CompressionLevel.NoCompression);
        var result = await ReadAsync(zip, "stored.jar");
        Assert.Contains("a stored entry whose size follows its data cannot be delimited in a stream", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_that_are_not_archives_are_not_read()
    {
        Assert.Equal(ArchiveKind.None, ArchiveLicenseReader.KindOf("acme-1.0-sources.jar"));
        Assert.Equal(ArchiveKind.None, ArchiveLicenseReader.KindOf("acme-1.0.jar.sha1"));
        Assert.Equal(ArchiveKind.Zip, ArchiveLicenseReader.KindOf("Acme-1.0.WHL"));
        Assert.Equal(ArchiveKind.TarGz, ArchiveLicenseReader.KindOf("acme-1.0.tar.gz"));
        Assert.Equal(ArchiveKind.Pom, ArchiveLicenseReader.KindOf("acme-1.0.pom"));
        var result = await ReadAsync([1, 2, 3], "notes.txt");
        Assert.Empty(result.Found);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task Measures_a_large_jar()
    {
        var largest = Directory.EnumerateFiles("/usr/share/java", "*.jar").Select(f => new FileInfo(f)).Where(f => f.Exists).OrderByDescending(f => f.Length).First();
        var bytes = await File.ReadAllBytesAsync(largest.FullName);
        var watch = Stopwatch.StartNew();
        var result = await Reader.ReadAsync(new MemoryStream(bytes), largest.Name, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        output.WriteLine($"{largest.Name}: {bytes.Length / 1048576.0:0.0} MiB in {seconds * 1000:0} ms ({bytes.Length / 1048576.0 / seconds:0} MiB/s); found {string.Join(", ", result.Found.Select(f => f.License))}; notes {string.Join(" | ", result.Notes)}");
        Assert.DoesNotContain(result.Notes, n => n.Contains("damaged", StringComparison.Ordinal) || n.Contains("could not be read", StringComparison.Ordinal));
    }
}
