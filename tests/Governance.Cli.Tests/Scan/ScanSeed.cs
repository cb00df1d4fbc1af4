using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Local;

namespace Governance.Cli.Tests.Scan;

/// <summary>One package of the seeded repository and what the default policy makes of it.</summary>
public sealed record SeedPackage(string Format, string? Namespace, string Name, string? License, int Versions, bool Fails)
{
    public string Key => $"{Format}/{Namespace}/{Name}";

    public IEnumerable<string> VersionNames => Enumerable.Range(0, Versions).Select(i => $"1.0.{i}");
}

/// <summary>
/// The repository every scan test starts from, built once per test run and copied per test (<see cref="ScanHarness"/>):
/// npm versions published with the real npm client (their licenses arrive from package.json, as on AWS: MIT,
/// Apache-2.0 and a GPL-3.0 package the default policy denies), generic versions published through the
/// CodeArtifact API, and one Unfinished version a scan must leave alone. 33 reviewable versions in all.
/// </summary>
public static class ScanSeed
{
    public const string Domain = "scan-domain";
    public const string Repository = "scan-repo";

    public static IReadOnlyList<SeedPackage> Packages { get; } =
    [
        new("npm", null, "mit-lib", "MIT", 3, Fails: false),
        new("npm", "acme", "gpl-lib", "GPL-3.0-only", 3, Fails: true),
        new("npm", null, "apache-lib", "Apache-2.0", 3, Fails: false),
        new("generic", "tools", "alpha", null, 8, Fails: false),
        new("generic", "tools", "beta", null, 8, Fails: false),
        new("generic", "tools", "gamma", null, 8, Fails: false),
    ];

    public static int Reviewable => Packages.Sum(p => p.Versions);

    public static int Failing => Packages.Where(p => p.Fails).Sum(p => p.Versions);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

    /// <summary>The seeded data folder (built on first use, then shared read-only).</summary>
    public static async Task<string> FolderAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _folder ??= await BuildAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> BuildAsync()
    {
        // Shared by every test of the run, so removed only when the test process ends.
        var seed = new TempFolder("governance-scan-seed");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => seed.Dispose();
        var folder = seed.File("stack");
        await using (var stack = await ScanHarness.StartAsync(null))
        {
            using var client = stack.CodeArtifact();
            await client.CreateDomainAsync(new CreateDomainRequest { Domain = Domain });
            await client.CreateRepositoryAsync(new CreateRepositoryRequest { Domain = Domain, Repository = Repository });
            var work = Path.Combine(stack.Work, "npm");
            foreach (var package in Packages)
            {
                foreach (var version in package.VersionNames)
                {
                    if (package.Format == "npm")
                    {
                        await NpmPackagePublisher.PublishAsync(client, Domain, Repository,
                            new NpmPackageSpec(package.Namespace, package.Name, version, package.License, "scan test package"), work, CancellationToken.None);
                    }
                    else
                    {
                        await PublishGenericAsync(client, package, version, unfinished: false);
                    }
                }
            }

            // Still being published: nothing to govern yet, so the scan must neither review nor count it.
            await PublishGenericAsync(client, Packages[3], "2.0.0-unfinished", unfinished: true);
            await stack.Stack.StopAsync(CancellationToken.None);
            ScanHarness.Copy(stack.Stack.Options.DataFolder, folder);
        }

        return folder;
    }

    private static async Task PublishGenericAsync(Governance.Aws.CodeArtifact.CodeArtifactClient client, SeedPackage package, string version, bool unfinished)
    {
        var (content, sha) = ScanHarness.Content($"{package.Name} {version}\n");
        using (content)
        {
            await client.PublishPackageVersionAsync(new PublishPackageVersionRequest
            {
                Domain = Domain,
                Repository = Repository,
                Format = package.Format,
                Namespace = package.Namespace,
                Package = package.Name,
                PackageVersion = version,
                AssetName = package.Name + ".txt",
                AssetContent = content,
                AssetSHA256 = sha,
                Unfinished = unfinished ? true : null,
            });
        }
    }
}
