using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Local;

namespace Governance.Benchmarks.Scan;

/// <summary>
/// The repository the scan benchmark backfills: <c>packages × versions</c> small generic versions (one asset of a
/// few bytes each) published through the CodeArtifact API with no review function attached — a repository that
/// existed before the stack. Built once into a data folder, which each measured run copies.
/// </summary>
public static class ScanBenchSeed
{
    public const string Namespace = "bench";

    public static async Task BuildAsync(string dataFolder, int packages, int versionsPerPackage, CancellationToken cancellationToken)
    {
        await using var stack = new LocalStack(new LocalStackOptions { Port = 0, DataFolder = dataFolder });
        await stack.StartAsync(cancellationToken);
        using var client = Client(stack);
        await client.CreateDomainAsync(new CreateDomainRequest { Domain = ScanBenchmark.Domain }, cancellationToken);
        await client.CreateRepositoryAsync(new CreateRepositoryRequest { Domain = ScanBenchmark.Domain, Repository = ScanBenchmark.Repository }, cancellationToken);
        var work = Enumerable.Range(0, packages).SelectMany(p => Enumerable.Range(0, versionsPerPackage).Select(v => (Package: PackageName(p), Version: $"1.0.{v}")));
        var done = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var bytes = Encoding.UTF8.GetBytes($"{item.Package} {item.Version}\n");
            using var content = new MemoryStream(bytes, writable: false);
            await client.PublishPackageVersionAsync(new PublishPackageVersionRequest
            {
                Domain = ScanBenchmark.Domain,
                Repository = ScanBenchmark.Repository,
                Format = "generic",
                Namespace = Namespace,
                Package = item.Package,
                PackageVersion = item.Version,
                AssetName = item.Package + ".txt",
                AssetContent = content,
                AssetSHA256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            }, ct);
            if (Interlocked.Increment(ref done) % 2000 == 0)
            {
                Console.WriteLine($"scan: published {done} versions");
            }
        });
        await stack.StopAsync(cancellationToken);
    }

    public static string PackageName(int index) => $"pkg-{index:D3}";

    public static CodeArtifactClient Client(LocalStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return new CodeArtifactClient(new BasicAWSCredentials(stack.Options.Credentials.AccessKeyId, stack.Options.Credentials.SecretAccessKey),
            new CodeArtifactConfig { ServiceURL = stack.BaseUrl.GetLeftPart(UriPartial.Authority), AuthenticationRegion = stack.Options.Region });
    }

    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
