using System.Globalization;
using Governance.Cli.Local;
using Governance.Core.Packages;

namespace Governance.Cli.Demo;

/// <summary>
/// <c>governance demo</c>: the whole product on the local stack in one run. Builds the function program, starts the
/// stack in a temporary folder, creates the walkthrough's domain and repository, publishes four packages, lets the
/// functions react, and prints verdicts, final statuses and notifications. Exit 0 only when every result is the
/// expected one.
/// </summary>
public static class DemoCommand
{
    public static IReadOnlyList<DemoPackage> Packages { get; } =
    [
        new("walkthrough generic package", "generic", "secret-mission", "secret-mission", "1.0.0", DemoArrival.GenericPublish, null, "Pass", PackageVersionStatus.Published),
        new("clean MIT npm package", "npm", "nextwork", "mission-utils", "1.2.0", DemoArrival.NpmPublish, "MIT", "Pass", PackageVersionStatus.Published),
        new("strong-copyleft npm package", "npm", null, "copyleft-widget", "3.0.1", DemoArrival.NpmPublish, "GPL-3.0-only", "Fail", PackageVersionStatus.Unlisted),
        new("asset altered at rest", "generic", "flight-plans", "flight-plan", "2.0.0", DemoArrival.GenericPublishTampered, null, "Fail", PackageVersionStatus.Unlisted),
    ];

    /// <param name="keep">--data: the folder to run in and keep; null uses a new temporary one.</param>
    /// <param name="artifact">--function: the built function program; null builds it from the repository.</param>
    public static async Task<int> RunAsync(string? keep, string? artifact, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = FunctionArtifact.FindRepositoryRoot(Environment.CurrentDirectory) ?? FunctionArtifact.FindRepositoryRoot(AppContext.BaseDirectory);
        var data = keep ?? Path.Combine(Path.GetTempPath(), "governance-demo-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(data);
        if (artifact is null)
        {
            if (root is null)
            {
                await error.WriteLineAsync("governance demo: run it from the repository (Governance.sln not found), or pass --function PATH/Governance.Functions.dll").ConfigureAwait(false);
                return 2;
            }

            await output.WriteLineAsync("building the function program (dotnet publish functions/Governance.Functions)…").ConfigureAwait(false);
            artifact = await FunctionArtifact.BuildAsync(root, Path.Combine(data, "function"), output, cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"starting the local stack (data in {data})…").ConfigureAwait(false);
        await using var stack = await GovernedStack.StartAsync(new GovernedStackOptions
        {
            DataFolder = data,
            FunctionAssembly = artifact,
        }, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"local stack at {stack.Stack.BaseUrl}; review and notify functions running under the Runtime API host").ConfigureAwait(false);

        var work = Path.Combine(data, "work");
        Directory.CreateDirectory(work);
        var publisher = new DemoPublisher(stack, work);
        await publisher.CreateRepositoriesAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"created domain {DemoPublisher.Domain}, repository {DemoPublisher.Repository} (upstream {DemoPublisher.StoreRepository} → public:maven-central)").ConfigureAwait(false);
        foreach (var package in Packages)
        {
            await publisher.PublishAsync(package, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"published {Coordinate(package)} ({package.Label})").ConfigureAwait(false);
        }

        await output.WriteLineAsync("waiting for the functions to review and notify…").ConfigureAwait(false);
        await stack.WaitForQuietAsync(TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);

        var results = new List<DemoResult>();
        foreach (var package in Packages)
        {
            results.Add(await CollectAsync(stack, package, cancellationToken).ConfigureAwait(false));
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(DemoTable.Render(results)).ConfigureAwait(false);
        var wrong = results.Where(r => !r.AsExpected).ToList();

        await output.WriteLineAsync("the walkthrough's Maven build (nextwork-web-project, settings.xml as the walkthrough writes it)…").ConfigureAwait(false);
        var maven = await new DemoMavenBuild(stack, Path.Combine(work, "maven")).RunAsync(output, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(DemoTable.RenderMaven(maven.Versions)).ConfigureAwait(false);
        await ExplainMavenAsync(output, maven).ConfigureAwait(false);
        await output.WriteLineAsync($"email outbox: {stack.EmailOutbox}").ConfigureAwait(false);
        await output.WriteLineAsync($"slack outbox: {stack.SlackOutbox}").ConfigureAwait(false);
        await output.WriteLineAsync($"function logs: {stack.FunctionLogFolder}").ConfigureAwait(false);
        if (wrong.Count > 0 || !maven.AsExpected)
        {
            await error.WriteLineAsync($"demo FAILED: {wrong.Count} of {results.Count} packages did not end as expected; Maven build {(maven.AsExpected ? "as expected" : "NOT as expected")}").ConfigureAwait(false);
            if (!maven.Cold.Succeeded || !maven.Deploy.Succeeded || !maven.Warm.Succeeded)
            {
                var failed = !maven.Cold.Succeeded ? maven.Cold : !maven.Deploy.Succeeded ? maven.Deploy : maven.Warm;
                await error.WriteLineAsync(string.Join(Environment.NewLine, failed.Output.Split('\n').TakeLast(30))).ConfigureAwait(false);
            }

            return 1;
        }

        await output.WriteLineAsync($"demo passed: all {results.Count} packages and all {maven.Versions.Count} Maven versions ended with the expected verdict and status").ConfigureAwait(false);
        return 0;
    }

    /// <summary>Says why a Maven version failed when it did for the reason most real POMs give: no license of their own.</summary>
    private static async Task ExplainMavenAsync(TextWriter output, DemoMavenRun maven)
    {
        var reviewed = maven.Versions.Count(v => v.Decision.Verdict is not null);
        var passed = maven.Versions.Count(v => v.Decision.Verdict?.Passed == true);
        var lacking = maven.Versions.Count(v => v.LacksOwnLicense);
        await output.WriteLineAsync($"{reviewed} of {maven.Versions.Count} Maven versions reviewed in {DemoPublisher.Repository}: {passed} passed, {maven.Versions.Count - passed} quarantined.").ConfigureAwait(false);
        if (lacking > 0)
        {
            await output.WriteLineAsync(
                $"{lacking} of them declare no license in their POM, the only license metadata CodeArtifact records for Maven (it does not follow parent " +
                "POMs; on Maven Central most artifacts inherit their license from one, and the Debian POMs standing in for Maven Central here carry none), " +
                "so the default policy (licenses.missing: quarantine) quarantines them as Unlisted, which still lets builds download them by exact version. " +
                "The policy is not weakened to hide this: reading licenses from parent POMs and from the artifact itself is the review's next step.").ConfigureAwait(false);
        }
    }

    private static string Coordinate(DemoPackage p) =>
        p.Format == "npm" ? (p.Namespace is null ? $"npm {p.Name}@{p.Version}" : $"npm @{p.Namespace}/{p.Name}@{p.Version}")
                          : $"{p.Format} {p.Namespace}/{p.Name} {p.Version}";

    private static async Task<DemoResult> CollectAsync(GovernedStack stack, DemoPackage package, CancellationToken cancellationToken)
    {
        var decision = await DemoDecisions.ReadAsync(stack, package.Format, package.Namespace, package.Name, package.Version, cancellationToken).ConfigureAwait(false);
        var needle = package.Name;
        var emails = Directory.Exists(stack.EmailOutbox)
            ? Directory.GetFiles(stack.EmailOutbox, "*.eml").Where(f => File.ReadAllText(f).Contains(needle, StringComparison.Ordinal)).ToList()
            : [];
        var slack = Directory.Exists(stack.SlackOutbox)
            ? Directory.GetFiles(stack.SlackOutbox, "*.json").Where(f => File.ReadAllText(f).Contains(needle, StringComparison.Ordinal)).ToList()
            : [];
        return new DemoResult(package, decision.Outcome, decision.Reasons, decision.Status, emails, slack);
    }
}

public sealed record DemoResult(
    DemoPackage Package,
    string Verdict,
    string Reasons,
    PackageVersionStatus FinalStatus,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> SlackMessages)
{
    public bool AsExpected =>
        Verdict == Package.ExpectedOutcome && FinalStatus == Package.ExpectedStatus && Emails.Count == 1 && SlackMessages.Count == 1;
}
