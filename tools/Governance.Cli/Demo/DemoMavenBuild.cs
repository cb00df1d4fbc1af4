using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Local;
using Governance.Core.Packages;
using Governance.Core.Review;

namespace Governance.Cli.Demo;

/// <summary>One Maven version the walkthrough build brought into the governed repository, and what the review made of it.</summary>
public sealed record DemoMavenResult(string GroupId, string ArtifactId, string Version, string Origin, DemoDecision Decision, bool IsOwnArtifact)
{
    public string Coordinate => $"{GroupId}:{ArtifactId}:{Version}";

    /// <summary>True when the decision declares a missing license: the POM carries none of its own.</summary>
    public bool LacksOwnLicense => Decision.Verdict?.Findings.Any(f => f.RuleId == RuleIds.LicenseMissing) == true;

    /// <summary>
    /// Reviewed; its status is what the verdict calls for under the default policy (Published, or the quarantine
    /// status Unlisted); its bytes matched what CodeArtifact recorded; and the team's own artifact passed.
    /// </summary>
    public bool AsExpected =>
        Decision.Verdict is { } verdict
        && Decision.Status == (verdict.Passed ? PackageVersionStatus.Published : PackageVersionStatus.Unlisted)
        && verdict.Findings.All(f => !f.RuleId.StartsWith("integrity.", StringComparison.Ordinal))
        && (!IsOwnArtifact || verdict.Passed);
}

/// <summary>The three builds and what each did: downloads, uploads, and the events the warm build caused.</summary>
public sealed record DemoMavenRun(MavenRunResult Cold, MavenRunResult Deploy, MavenRunResult Warm, long EventsDuringWarmBuild, IReadOnlyList<DemoMavenResult> Versions)
{
    public bool AsExpected =>
        Cold.Succeeded && Deploy.Succeeded && Warm.Succeeded && EventsDuringWarmBuild == 0 && Versions.Count > 1 && Versions.All(v => v.AsExpected);
}

/// <summary>
/// The walkthrough's Maven flow in the demo: <c>mvn -s settings.xml compile</c> with every plugin and dependency fetched
/// through <c>nextwork-devops-cicd</c> → <c>maven-central-store</c> → <c>public:maven-central</c>, <c>mvn deploy</c> of the
/// team's own artifact, then a second build from an empty local Maven cache, served from the repository.
/// </summary>
public sealed class DemoMavenBuild(GovernedStack stack, string workFolder)
{
    public async Task<DemoMavenRun> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        MavenPrerequisites.EnsureInstalled();
        using var client = stack.CreateCodeArtifactClient();
        var endpoint = (await client.GetRepositoryEndpointAsync(new GetRepositoryEndpointRequest
        {
            Domain = DemoPublisher.Domain,
            Repository = DemoPublisher.Repository,
            Format = "maven",
        }, cancellationToken).ConfigureAwait(false)).RepositoryEndpoint!;
        var token = (await client.GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest { Domain = DemoPublisher.Domain }, cancellationToken)
            .ConfigureAwait(false)).AuthorizationToken!;
        var project = new MavenWalkthroughProject(Path.Combine(workFolder, "nextwork-web-project"), new Uri(endpoint), token, Path.Combine(workFolder, "m2"));
        await project.WriteAsync(cancellationToken).ConfigureAwait(false);

        var cold = await project.CompileAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"mvn -s settings.xml compile: {Outcome(cold)}, {cold.Downloaded.Count} files fetched through {DemoPublisher.Repository} → {DemoPublisher.StoreRepository} → public:maven-central").ConfigureAwait(false);
        var deploy = await project.DeployAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"mvn -s settings.xml deploy: {Outcome(deploy)}, {deploy.Uploaded.Count} files published as {MavenWalkthroughProject.GroupId}:{MavenWalkthroughProject.ArtifactId}:{MavenWalkthroughProject.Version}").ConfigureAwait(false);
        await stack.WaitForQuietAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);

        project.WipeLocalRepository();
        var eventsBefore = stack.EmittedEventCount;
        var warm = await project.CompileAsync(cancellationToken).ConfigureAwait(false);
        var eventsDuringWarm = stack.EmittedEventCount - eventsBefore;
        await output.WriteLineAsync($"second build from an empty local cache: {Outcome(warm)}, {warm.Downloaded.Count} files served from {DemoPublisher.Repository}, {eventsDuringWarm} new versions kept").ConfigureAwait(false);

        var results = new List<DemoMavenResult>();
        foreach (var (groupId, artifactId, version) in FetchedVersions(endpoint, cold.Downloaded.Concat(deploy.Downloaded)))
        {
            results.Add(await ResultAsync(groupId, artifactId, version, isOwn: false, cancellationToken).ConfigureAwait(false));
        }

        if (deploy.Succeeded)
        {
            results.Add(await ResultAsync(MavenWalkthroughProject.GroupId, MavenWalkthroughProject.ArtifactId, MavenWalkthroughProject.Version, isOwn: true, cancellationToken)
                .ConfigureAwait(false));
        }

        return new DemoMavenRun(cold, deploy, warm, eventsDuringWarm, results);
    }

    /// <summary>group:artifact:version of each file Maven downloaded from the repository endpoint, in first-seen order.</summary>
    public static IReadOnlyList<(string GroupId, string ArtifactId, string Version)> FetchedVersions(string endpoint, IEnumerable<string> downloadedUrls)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(downloadedUrls);
        var seen = new List<(string, string, string)>();
        foreach (var url in downloadedUrls.Where(u => u.StartsWith(endpoint, StringComparison.Ordinal)))
        {
            var segments = url[endpoint.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length < 4 || segments[^1].StartsWith("maven-metadata", StringComparison.Ordinal))
            {
                continue;
            }

            var coordinate = (string.Join('.', segments[..^3]), segments[^3], segments[^2]);
            if (!seen.Contains(coordinate))
            {
                seen.Add(coordinate);
            }
        }

        return seen;
    }

    private async Task<DemoMavenResult> ResultAsync(string groupId, string artifactId, string version, bool isOwn, CancellationToken cancellationToken)
    {
        var decision = await DemoDecisions.ReadAsync(stack, "maven", groupId, artifactId, version, cancellationToken).ConfigureAwait(false);
        var origin = decision.Version.Origin?.OriginType ?? "UNKNOWN";
        return new DemoMavenResult(groupId, artifactId, version, origin, decision, isOwn);
    }

    private static string Outcome(MavenRunResult run) => run.Succeeded ? "BUILD SUCCESS" : $"FAILED (exit {run.ExitCode})";
}
