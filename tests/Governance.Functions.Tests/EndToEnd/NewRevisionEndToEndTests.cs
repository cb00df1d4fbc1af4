using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Governance.Aws.CodeArtifact.Model;
using Governance.Core.Packages;
using Governance.Core.Workflow;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// A status change under a new revision, end to end: AWS does not document whether UpdatePackageVersionsStatus gives
/// a version a new revision, so each scenario runs with the local stack keeping the revision (its default) and with
/// <c>NewRevisionOnStatusChange</c> (what AWS may do), and must end the same way: a person's release stays released
/// with no new notification, and this system's own status changes, echoed back as events, are not reviewed again
/// (no second download, no second notification).
/// </summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class NewRevisionEndToEndTests(FunctionProgramFixture fixture) : IDisposable
{
    private readonly TempFolder _work = new("new-revision-e2e");

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HandRelease_OfAQuarantinedVersion_ShouldStayPublishedWithNoNewNotificationOrDownload(bool newRevision)
    {
        var policy = PolicyFile("deny.yaml", Deny("held-by-policy"));
        await using var stack = await fixture.StartStackAsync("hand-release", o => o with { PolicyFile = policy, NewRevisionOnStatusChange = newRevision });
        await stack.PublishGenericAsync("team", "held-by-policy", "1.0.0", "a.bin", StackHarness.AssetBytes("held-by-policy", "1.0.0", "a"));
        await stack.WaitForQuietAsync(300);
        var quarantined = await stack.DescribeAsync("generic", "team", "held-by-policy", "1.0.0");
        Assert.Equal("Unlisted", quarantined.Status);

        await SetStatusByHandAsync(stack, "held-by-policy", "Published");
        await stack.WaitForQuietAsync(300);

        var released = await stack.DescribeAsync("generic", "team", "held-by-policy", "1.0.0");
        Assert.Equal("Published", released.Status);
        Assert.Equal(newRevision, released.Revision != quarantined.Revision);
        Assert.Single(EmailsAbout(stack, "held-by-policy"));
        Assert.Equal(1, Downloads(stack, "held-by-policy"));
        Assert.True(ReviewsOf(stack, "held-by-policy", released.Revision!).Count >= 1, stack.ReviewLogTail());
        // One verdict (the quarantine); the review of the release event decided nothing (with the revision kept, the
        // release's revision is the quarantine's, so its reviews include the first one).
        var reviews = ReviewsOf(stack, "held-by-policy", released.Revision!);
        Assert.Single(Decided(stack, "held-by-policy"));
        var release = reviews[^1];
        var decision = await stack.DecisionAsync("generic", "team", "held-by-policy", "1.0.0", released.Revision!);
        Assert.NotNull(decision);
        if (newRevision)
        {
            // Recorded as kept under the new revision: the status this system left stays Unlisted in the record.
            Assert.Equal(NewRevisionTriggers.PersonKept, decision!.Trigger);
            Assert.Equal(PackageVersionStatus.Unlisted, decision.ResultingStatus);
            Assert.Equal("Ignored", release.GetProperty("outcome").GetString());
            Assert.Contains("set by a person", release.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("published", decision!.Trigger);
            Assert.Equal("Duplicate", release.GetProperty("outcome").GetString());
        }

        // The scheduled re-evaluation, under a policy that would now archive it, leaves the person's status alone too.
        File.WriteAllText(policy, "quarantineStatus: Archived\n" + Deny("held-by-policy"));
        Redeploy(stack);
        await SweepAfterRedeployAsync(stack);
        await stack.WaitForQuietAsync(300);
        Assert.Equal("Published", (await stack.DescribeAsync("generic", "team", "held-by-policy", "1.0.0")).Status);
        Assert.Single(EmailsAbout(stack, "held-by-policy"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OwnStatusChanges_WhenTheirEventsComeBack_ShouldNotBeReviewedAgain(bool newRevision)
    {
        var policy = PolicyFile("deny.yaml", Deny("waived-later"));
        await using var stack = await fixture.StartStackAsync("own-echo", o => o with { PolicyFile = policy, NewRevisionOnStatusChange = newRevision });
        await stack.PublishGenericAsync("team", "waived-later", "1.0.0", "a.bin", StackHarness.AssetBytes("waived-later", "1.0.0", "a"));
        await stack.PublishGenericAsync("team", "clean-one", "1.0.0", "a.bin", StackHarness.AssetBytes("clean-one", "1.0.0", "a"));
        await stack.WaitForQuietAsync(300);
        Assert.Equal("Unlisted", (await stack.DescribeAsync("generic", "team", "waived-later", "1.0.0")).Status);

        // A waiver: the re-evaluation releases the version (our own change to Published, whose event is reviewed).
        File.WriteAllText(policy, Deny("waived-later") +
            "waivers:\n  - package: pkg:generic/team/waived-later\n    version: \"1.0.0\"\n    rule: deny-list.match\n    reason: approved\n    expires: " +
            DateTimeOffset.UtcNow.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\n");
        Redeploy(stack);
        await SweepAfterRedeployAsync(stack);
        await stack.WaitForQuietAsync(300);

        var released = await stack.DescribeAsync("generic", "team", "waived-later", "1.0.0");
        Assert.Equal("Published", released.Status);
        // Two status changes of ours (the quarantine, the release) came back as events; only the two verdicts were sent.
        Assert.Equal(2, stack.StatusOnlyChanges("waived-later").Count);
        Assert.Equal(2, EmailsAbout(stack, "waived-later").Count);
        Assert.Equal(1, Downloads(stack, "waived-later"));
        Assert.Single(Decided(stack, "waived-later"));
        Assert.Equal("Duplicate", ReviewsOf(stack, "waived-later", released.Revision!)[^1].GetProperty("outcome").GetString());
        if (newRevision)
        {
            var same = await stack.DecisionAsync("generic", "team", "waived-later", "1.0.0", released.Revision!);
            Assert.Equal(NewRevisionTriggers.SameDecision, same!.Trigger);
            Assert.Equal(PackageVersionStatus.Published, same.ResultingStatus);
        }

        // The clean version: decided once, its status never changed, so nothing came back.
        Assert.Single(EmailsAbout(stack, "clean-one"));
        Assert.Equal(1, Downloads(stack, "clean-one"));
        Assert.Empty(stack.StatusOnlyChanges("clean-one"));
        Assert.Equal("Published", (await stack.DescribeAsync("generic", "team", "clean-one", "1.0.0")).Status);
    }

    private static async Task SetStatusByHandAsync(StackHarness stack, string name, string status)
    {
        using var client = stack.Stack.CreateCodeArtifactClient();
        await client.UpdatePackageVersionsStatusAsync(new UpdatePackageVersionsStatusRequest
        {
            Domain = StackHarness.Domain, Repository = StackHarness.Repository, Format = "generic", Namespace = "team", Package = name,
            Versions = ["1.0.0"], TargetStatus = status,
        }, StackHarness.Bounded());
    }

    /// <summary>What a deployment of a new policy does to the functions: new sandboxes, which read the new file.</summary>
    private static void Redeploy(StackHarness stack)
    {
        foreach (var host in new[] { stack.Stack.ReevaluateFunction, stack.Stack.ReviewFunction })
        {
            if (host.ProcessId is { } pid)
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
    }

    /// <summary>
    /// One run of the re-evaluation function after <see cref="Redeploy"/>, bounded generously (a new sandbox starts
    /// cold, and the test machine is shared). The killed sandbox is never handed the invoke: the host asks the process.
    /// </summary>
    private static async Task SweepAfterRedeployAsync(StackHarness stack)
    {
        var sweep = await stack.Stack.SweepAsync(StackHarness.Bounded(300));
        Assert.True(sweep.Success, $"{sweep.ErrorType}: {sweep.ErrorMessage}");
    }

    private static string Deny(params string[] names) =>
        "denyList:\n" + string.Concat(names.Select(n => $"  - package: pkg:generic/team/{n}\n    versions: \"*\"\n    reason: not approved\n"));

    private string PolicyFile(string name, string yaml)
    {
        var path = _work.File(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string UrlOf(StackHarness stack, string name) => PackageUrl.For(stack.VersionId("generic", "team", name, "1.0.0"));

    private static List<EmailMessage> EmailsAbout(StackHarness stack, string name) => [.. stack.EmailsMentioning(UrlOf(stack, name))];

    /// <summary>Reviews of the package that read its assets (a review that decides from the ledger reads none).</summary>
    private static int Downloads(StackHarness stack, string name) =>
        FunctionLogLines.WithMessage(stack.ReviewLog, "review finished")
            .Count(l => l.GetProperty("packageUrl").GetString() == UrlOf(stack, name) && l.GetProperty("bytesVerified").GetInt64() > 0);

    /// <summary>The reviews of the package's events that reached a verdict (the review function's Decided outcomes).</summary>
    private static List<JsonElement> Decided(StackHarness stack, string name) =>
        [.. FunctionLogLines.WithMessage(stack.ReviewLog, "review finished")
            .Where(l => l.GetProperty("packageUrl").GetString() == UrlOf(stack, name) && l.GetProperty("outcome").GetString() == "Decided")];

    /// <summary>The reviews of the package at one revision, in log order (a function's log is appended as it runs).</summary>
    private static List<JsonElement> ReviewsOf(StackHarness stack, string name, string revision) =>
        [.. FunctionLogLines.WithMessage(stack.ReviewLog, "review finished")
            .Where(l => l.GetProperty("packageUrl").GetString() == UrlOf(stack, name) && l.GetProperty("revision").GetString() == revision)];
}

/// <summary>
/// <c>governance local up --new-revision-on-status-change</c> as a user runs it, driven with the real aws CLI: without
/// the flag a status change keeps the version's revision (the local default), with it the revision changes (what AWS
/// may do), and nothing else about the version does.
/// </summary>
public sealed class NewRevisionLocalUpTests : IDisposable
{
    private readonly TempFolder _work = new("new-revision-up");

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LocalUp_WhenAStatusChanges_ShouldGiveANewRevisionOnlyWithTheFlag(bool flag)
    {
        await using var stack = await LocalUpProcess.StartAsync(_work.File("data"), flag ? ["--new-revision-on-status-change"] : []);
        var aws = AwsClientEnvironment.For(stack.Endpoint);
        string[] coordinates = ["--domain", "nr-domain", "--repository", "nr-repo", "--format", "generic", "--namespace", "team", "--package", "lib", "--package-version", "1.0.0"];
        await AwsAsync(aws, "create-domain", "--domain", "nr-domain");
        await AwsAsync(aws, "create-repository", "--domain", "nr-domain", "--repository", "nr-repo");
        var asset = _work.File("a.bin");
        await File.WriteAllTextAsync(asset, "payload\n");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(asset)));
        await AwsAsync(aws, ["publish-package-version", .. coordinates, "--asset-content", asset, "--asset-name", "a.bin", "--asset-sha256", sha256]);
        var before = await DescribeAsync(aws, coordinates);

        var updated = await AwsAsync(aws, ["update-package-versions-status", .. coordinates[..^2], "--versions", "1.0.0", "--target-status", "Unlisted"]);
        var after = await DescribeAsync(aws, coordinates);

        Assert.Equal("Published", before.GetProperty("status").GetString());
        Assert.Equal("Unlisted", after.GetProperty("status").GetString());
        Assert.Equal(flag, before.GetProperty("revision").GetString() != after.GetProperty("revision").GetString());
        // The batch answer names the revision the version has now, as AWS's successfulVersions does.
        Assert.Equal(after.GetProperty("revision").GetString(), updated.GetProperty("successfulVersions").GetProperty("1.0.0").GetProperty("revision").GetString());
    }

    private static async Task<JsonElement> DescribeAsync(Dictionary<string, string> aws, string[] coordinates) =>
        (await AwsAsync(aws, ["describe-package-version", .. coordinates])).GetProperty("packageVersion");

    private static Task<JsonElement> AwsAsync(Dictionary<string, string> aws, params string[] arguments) => AwsAsync(aws, (IEnumerable<string>)arguments);

    private static async Task<JsonElement> AwsAsync(Dictionary<string, string> aws, IEnumerable<string> arguments)
    {
        var result = await ProcessRunner.RunAsync("aws", ["codeartifact", .. arguments, "--output", "json"], aws);
        Assert.True(result.ExitCode == 0, $"aws codeartifact {string.Join(' ', arguments)}: {result.StandardError}");
        return string.IsNullOrWhiteSpace(result.StandardOutput) ? default : JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }
}
