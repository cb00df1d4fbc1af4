using System.Diagnostics;
using System.Globalization;
using System.Text;
using Governance.Benchmarks.Harness;
using Governance.Core.Integrity;
using Governance.Core.Licenses.Discovery;
using Governance.Core.Packages;
using Governance.Evidence;
using Governance.Evidence.Osv;
using Governance.Local;

namespace Governance.Benchmarks.Evidence;

/// <summary>
/// What the evidence adds to a review (issue 12): the OSV lookup per version (one batch call, plus one detail call per
/// advisory found) against the local stack's OSV endpoint, next to the bare batch request as the floor; and reading a
/// large jar's license while it is hashed, interleaved with hashing alone so both see the same machine.
/// </summary>
public static class EvidenceBenchmark
{
    public static async Task RunAsync(BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);
        await MeasureIntelAsync(options, summary, cancellationToken).ConfigureAwait(false);
        await MeasureLicenseReadingAsync(options, summary, cancellationToken).ConfigureAwait(false);
    }

    private static async Task MeasureIntelAsync(BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        var data = Path.Combine(options.WorkFolder, "evidence-stack");
        var stack = new LocalStack(new LocalStackOptions { Port = 0, DataFolder = data });
        await using (stack.ConfigureAwait(false))
        {
            await stack.StartAsync(cancellationToken).ConfigureAwait(false);
            var osv = new Uri(stack.BaseUrl, "osv/");
            using var http = new HttpClient();
            var source = new OsvIntelSource(http, new OsvOptions(osv, EvidenceHttpOptions.Default));
            var clean = new PackageVersionId("d", "000000000000", "r", "npm", null, "left-pad", "1.3.0");
            var affected = new PackageVersionId("d", "000000000000", "r", "npm", null, "ua-parser-js", "0.7.29");
            var samples = options.Quick ? 200 : 2000;
            var floor = new List<double>(samples);
            var cleanTimes = new List<double>(samples);
            var affectedTimes = new List<double>(samples);
            var body = """{"queries":[{"package":{"ecosystem":"npm","name":"left-pad"},"version":"1.3.0"}]}""";
            for (var i = 0; i < samples + 20; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
                using (var response = await http.PostAsync(new Uri(osv, "v1/querybatch"), content, cancellationToken).ConfigureAwait(false))
                {
                    await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                }
                var floorMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                started = Stopwatch.GetTimestamp();
                var answered = await source.LookUpAsync(clean, cancellationToken).ConfigureAwait(false);
                var cleanMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                started = Stopwatch.GetTimestamp();
                var found = await source.LookUpAsync(affected, cancellationToken).ConfigureAwait(false);
                var affectedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (answered.Advisories.Count != 0 || found.Advisories.Count == 0)
                {
                    throw new InvalidOperationException($"the OSV fixtures did not answer as expected: {answered.Status}/{found.Status} {found.Problem}");
                }

                if (i >= 20)
                {
                    // The first 20 rounds warm the JIT and the connection pool.
                    floor.Add(floorMs);
                    cleanTimes.Add(cleanMs);
                    affectedTimes.Add(affectedMs);
                }
            }

            var floorP50 = Percentiles.Of(floor, 50);
            summary.Add("evidence", "OSV lookup, clean version (1 batch call)", Percentiles.DescribeFine(cleanTimes),
                $"bare batch POST {Percentiles.DescribeFine(floor)}", Ratio(Percentiles.Of(cleanTimes, 50), floorP50));
            summary.Add("evidence", "OSV lookup, 1 advisory (batch + 1 detail)", Percentiles.DescribeFine(affectedTimes),
                $"bare batch POST {Percentiles.DescribeFine(floor)}", Ratio(Percentiles.Of(affectedTimes, 50), floorP50));
        }
    }

    private static async Task MeasureLicenseReadingAsync(BenchOptions options, SummaryTable summary, CancellationToken cancellationToken)
    {
        var jar = Directory.EnumerateFiles("/usr/share/java", "*.jar")
            .Select(path => new FileInfo(path))
            .Where(file => file.Exists && file.LinkTarget is null)
            .OrderByDescending(file => file.Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException("no jar in /usr/share/java: run `make prerequisites`");
        var rounds = options.Quick ? 10 : 40;
        var plain = new List<double>(rounds);
        var reading = new List<double>(rounds);
        string found = "";
        for (var round = 0; round < rounds + 2; round++)
        {
            var plainMs = await TimeHashOnlyAsync(jar.FullName, cancellationToken).ConfigureAwait(false);
            var (readingMs, license) = await TimeScanAsync(jar.FullName, cancellationToken).ConfigureAwait(false);
            found = license;
            if (round >= 2)
            {
                plain.Add(plainMs);
                reading.Add(readingMs);
            }
        }

        var mib = (jar.Length / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        summary.Add("evidence", $"hash + read license, {jar.Name} ({mib} MiB)", Percentiles.DescribeFine(reading),
            $"hash only {Percentiles.DescribeFine(plain)}", Ratio(Percentiles.Of(reading, 50), Percentiles.Of(plain, 50)) + $" (found: {found})");
    }

    private static async Task<double> TimeHashOnlyAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            await StreamVerifier.VerifyAsync(stream, [HashKind.Sha256], null, cancellationToken).ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>What the review does for a version without a recognised license: hash and read in one pass, then finish.</summary>
    private static async Task<(double Milliseconds, string License)> TimeScanAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var scan = new LicenseDiscoveryScan(new LicenseDiscoveryOptions { FollowParentPom = false }, LicenseTextMatcher.Default);
        await using (scan.ConfigureAwait(false))
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var asset = new AssetDescriptor(Path.GetFileName(path), stream.Length, new Dictionary<string, string>());
                await StreamVerifier.VerifyAsync(stream, [HashKind.Sha256], null, scan.SinkFor(asset), cancellationToken).ConfigureAwait(false);
            }

            var id = new PackageVersionId("d", "000000000000", "r", "maven", "bench", Path.GetFileNameWithoutExtension(path), "1");
            var discovery = await scan.FinishAsync(id, source: null, cancellationToken).ConfigureAwait(false);
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, (discovery.Found.Count > 0 ? discovery.Found[0].License : "none"));
        }
    }

    private static string Ratio(double value, double baseline) =>
        (value / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
