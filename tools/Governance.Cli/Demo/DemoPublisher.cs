using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Local;

namespace Governance.Cli.Demo;

/// <summary>
/// Sets up the walkthrough's domain and repositories and publishes the demo packages the way users do: the generic
/// package with publish-package-version and --asset-sha256, the npm packages with the real npm client.
/// </summary>
public sealed class DemoPublisher
{
    public const string Domain = "nextwork";
    public const string Repository = "nextwork-devops-cicd";
    public const string StoreRepository = "maven-central-store";

    private readonly GovernedStack _stack;
    private readonly string _workFolder;

    public DemoPublisher(GovernedStack stack, string workFolder)
    {
        _stack = stack;
        _workFolder = workFolder;
    }

    public async Task CreateRepositoriesAsync(CancellationToken cancellationToken)
    {
        using var client = _stack.CreateCodeArtifactClient();
        await client.CreateDomainAsync(new CreateDomainRequest { Domain = Domain }, cancellationToken).ConfigureAwait(false);
        await client.CreateRepositoryAsync(new CreateRepositoryRequest
        {
            Domain = Domain,
            Repository = StoreRepository,
            Description = "Upstream store for Maven Central",
        }, cancellationToken).ConfigureAwait(false);
        await client.AssociateExternalConnectionAsync(new AssociateExternalConnectionRequest
        {
            Domain = Domain,
            Repository = StoreRepository,
            ExternalConnection = "public:maven-central",
        }, cancellationToken).ConfigureAwait(false);
        await client.CreateRepositoryAsync(new CreateRepositoryRequest
        {
            Domain = Domain,
            Repository = Repository,
            Description = "Governed repository of the NextWork DevOps CI/CD walkthrough",
            Upstreams = [new UpstreamRepository { RepositoryName = StoreRepository }],
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task PublishAsync(DemoPackage package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        switch (package.Arrival)
        {
            case DemoArrival.GenericPublish:
                await PublishGenericAsync(package, package.Name + ".tar.gz", unfinished: false, cancellationToken).ConfigureAwait(false);
                break;
            case DemoArrival.GenericPublishTampered:
                // The first asset lands with the publish still open (Unfinished is not reviewed yet), is altered at
                // rest, and the final asset completes the publish: the review then sees recorded hash ≠ stored bytes.
                await PublishGenericAsync(package, package.Name + ".tar.gz", unfinished: true, cancellationToken).ConfigureAwait(false);
                await CorruptStoredAssetAsync(package, package.Name + ".tar.gz", cancellationToken).ConfigureAwait(false);
                await PublishGenericAsync(package, "SHA256SUMS", unfinished: false, cancellationToken).ConfigureAwait(false);
                break;
            case DemoArrival.NpmPublish:
                await PublishNpmAsync(package, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task PublishGenericAsync(DemoPackage package, string assetName, bool unfinished, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_workFolder, $"{package.Name}-{package.Version}-{assetName}");
        if (assetName.EndsWith(".tar.gz", StringComparison.Ordinal))
        {
            await WriteTarGzAsync(path, package, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await File.WriteAllTextAsync(path, $"checksums of {package.Name} {package.Version}\n", cancellationToken).ConfigureAwait(false);
        }

        string sha256;
        await using (var read = File.OpenRead(path))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, cancellationToken).ConfigureAwait(false));
        }

        using var client = _stack.CreateCodeArtifactClient();
        await using var content = File.OpenRead(path);
        await client.PublishPackageVersionAsync(new PublishPackageVersionRequest
        {
            Domain = Domain,
            Repository = Repository,
            Format = "generic",
            Namespace = package.Namespace,
            Package = package.Name,
            PackageVersion = package.Version,
            AssetName = assetName,
            AssetContent = content,
            AssetSHA256 = sha256,
            Unfinished = unfinished ? true : null,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteTarGzAsync(string path, DemoPackage package, CancellationToken cancellationToken)
    {
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var gzip = new GZipStream(file, CompressionLevel.Optimal);
            await using (gzip.ConfigureAwait(false))
            {
                var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
                await using (tar.ConfigureAwait(false))
                {
                    var text = $"# {package.Name} {package.Version}\nMission briefing: ship governed packages only.\n";
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, "secret-mission/README.md")
                    {
                        DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                        ModificationTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                    };
                    await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task CorruptStoredAssetAsync(DemoPackage package, string assetName, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = _stack.Stack.BaseUrl };
        Governance.Local.Faults.ControlEndpoints.AddGuardHeader(http);
        using var response = await http.PostAsJsonAsync("_local/corrupt-asset", new JsonObject
        {
            ["domain"] = Domain,
            ["repository"] = Repository,
            ["format"] = package.Format,
            ["namespace"] = package.Namespace,
            ["package"] = package.Name,
            ["version"] = package.Version,
            ["asset"] = assetName,
        }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private async Task PublishNpmAsync(DemoPackage package, CancellationToken cancellationToken)
    {
        using var client = _stack.CreateCodeArtifactClient();
        await NpmPackagePublisher.PublishAsync(client, Domain, Repository,
            new NpmPackageSpec(package.Namespace, package.Name, package.Version, package.License, $"{package.Label} (governance demo)"),
            _workFolder, cancellationToken).ConfigureAwait(false);
    }
}
