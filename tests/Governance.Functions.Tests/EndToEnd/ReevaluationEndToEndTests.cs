using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Governance.Aws.CodeArtifact.Model;
using Governance.Core.Packages;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// Time and change end to end on the governed local stack: the built review and re-evaluation functions, the
/// stack's CodeArtifact, topic and ledger, and a clock the test moves through the functions' test hook
/// (GOVERNANCE_TEST_CLOCK_FILE). The re-evaluation function runs when the test says, as its schedule would.
/// </summary>
public abstract class ReevaluationScenarios(EndToEndFixture fixture) : UpstreamChainScenario(Store, Governed)
{
    private const string Store = "cooldown-store";
    private const string Governed = "cooldown-governed";

    [Fact]
    public async Task Cooldown_WhenAnUpstreamVersionIsAnHourOld_ShouldHoldItAndPublishItWhenTheCooldownEnds()
    {
        var npmjs = Work.File("npmjs");
        NpmStandIn.AddVersion(npmjs, Work.Path, "fresh-lib", "1.0.0", "MIT", DateTimeOffset.UtcNow.AddHours(-1));
        NpmStandIn.AddVersion(npmjs, Work.Path, "settled-lib", "1.0.0", "MIT", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = ClockFile();
        var policy = PolicyFile("cooldown.yaml", "cooldown:\n  minimumAge: 3d\n");
        await using var stack = await fixture.StartStackAsync("cooldown", o => o with { NpmjsDirectory = npmjs, PolicyFile = policy, TestClockFile = clock });
        var endpoint = await CreateChainAsync(stack, "public:npmjs", "npm");
        foreach (var name in new[] { "fresh-lib", "settled-lib" })
        {
            using var tarball = await Http.GetAsync(new Uri($"{endpoint}{name}/-/{name}-1.0.0.tgz"));
            Assert.Equal(HttpStatusCode.OK, tarball.StatusCode);
        }

        await stack.WaitForQuietAsync();

        Assert.Equal("Unlisted", (await stack.DescribeAsync("npm", null, "fresh-lib", "1.0.0", Governed)).Status);
        Assert.Equal("Published", (await stack.DescribeAsync("npm", null, "settled-lib", "1.0.0", Governed)).Status);
        var hold = Assert.Single(EmailsAbout(stack, "npm", null, "fresh-lib"));
        Assert.Contains("cooldown.active", hold.Body, StringComparison.Ordinal);
        Assert.Contains("held until", hold.Body, StringComparison.Ordinal);
        Assert.Contains("the public registry", hold.Body, StringComparison.Ordinal);

        // Two days on, nothing is due yet; three days on, the hold ends.
        await MoveClockAsync(clock, TimeSpan.FromDays(2));
        Assert.Equal(0, (int)(await SweepAsync(stack))["changed"]!);
        Assert.Equal("Unlisted", (await stack.DescribeAsync("npm", null, "fresh-lib", "1.0.0", Governed)).Status);

        await MoveClockAsync(clock, TimeSpan.FromDays(3));
        var report = await SweepAsync(stack);
        await stack.WaitForQuietAsync();

        Assert.True((int)report["changed"]! >= 1, report.ToJsonString());
        Assert.Equal("Published", (await stack.DescribeAsync("npm", null, "fresh-lib", "1.0.0", Governed)).Status);
        var released = EmailsAbout(stack, "npm", null, "fresh-lib");
        Assert.Equal(2, released.Count);
        Assert.Contains(released, e => e.Body.Contains("cooldown ended", StringComparison.Ordinal));
        Assert.Single(EmailsAbout(stack, "npm", null, "settled-lib"));

        // A schedule that fires again changes nothing more.
        Assert.Equal(0, (int)(await SweepAsync(stack))["changed"]!);
        await stack.WaitForQuietAsync();
        Assert.Equal(2, EmailsAbout(stack, "npm", null, "fresh-lib").Count);
    }

    [Fact]
    public async Task Reevaluation_ShouldQuarantineAtWaiverExpiry_RestoreOnANewWaiver_AndLeaveAHandSetStatusAlone()
    {
        var clock = ClockFile();
        var soon = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var later = DateTimeOffset.UtcNow.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var policy = PolicyFile("v1.yaml", Deny("held-a", "released-b", "expiring-c") + Waiver("expiring-c", soon));
        await using var stack = await fixture.StartStackAsync("reevaluation", o => o with { PolicyFile = policy, TestClockFile = clock });
        foreach (var name in new[] { "held-a", "released-b", "expiring-c", "clean-d" })
        {
            await stack.PublishGenericAsync("team", name, "1.0.0", "a.bin", StackHarness.AssetBytes(name, "1.0.0", "a"));
        }

        await stack.WaitForQuietAsync();
        Assert.Equal(["Unlisted", "Unlisted", "Published", "Published"], await StatusesAsync(stack));

        // A person releases released-b by hand.
        using (var client = stack.Stack.CreateCodeArtifactClient())
        {
            await client.UpdatePackageVersionsStatusAsync(new UpdatePackageVersionsStatusRequest
            {
                Domain = StackHarness.Domain, Repository = StackHarness.Repository, Format = "generic", Namespace = "team", Package = "released-b",
                Versions = ["1.0.0"], TargetStatus = "Published",
            }, StackHarness.Bounded());
        }

        // The waiver on expiring-c ends: it is quarantined by the schedule, with no event about it.
        await MoveClockAsync(clock, TimeSpan.FromDays(3));
        await SweepAsync(stack);
        await stack.WaitForQuietAsync();
        Assert.Equal(["Unlisted", "Published", "Unlisted", "Published"], await StatusesAsync(stack));
        Assert.Contains(EmailsAbout(stack, "generic", "team", "expiring-c"), e => e.Body.Contains("waiver expired", StringComparison.Ordinal));

        // A new policy is deployed: held-a gets a waiver, clean-d is now denied; released-b is still denied.
        File.WriteAllText(policy, Deny("held-a", "released-b", "expiring-c", "clean-d") + Waiver("expiring-c", soon) + Waiver("held-a", later, header: false));
        Redeploy(stack);
        var report = await SweepAsync(stack);
        await stack.WaitForQuietAsync();

        Assert.Equal(["Published", "Published", "Unlisted", "Unlisted"], await StatusesAsync(stack));
        Assert.Equal(2, (int)report["changed"]!);
        Assert.Contains(EmailsAbout(stack, "generic", "team", "held-a"), e => e.Body.Contains("policy changed: waived deny-list.match", StringComparison.Ordinal));
        Assert.Contains(EmailsAbout(stack, "generic", "team", "clean-d"), e => e.Body.Contains("policy changed", StringComparison.Ordinal));
        // The hand-set status survived, and nobody was told anything new about it or about expiring-c.
        Assert.Single(EmailsAbout(stack, "generic", "team", "released-b"));
        Assert.Equal(2, EmailsAbout(stack, "generic", "team", "expiring-c").Count);
    }

    private async Task<List<string>> StatusesAsync(StackHarness stack)
    {
        var statuses = new List<string>();
        foreach (var name in new[] { "held-a", "released-b", "expiring-c", "clean-d" })
        {
            statuses.Add((await stack.DescribeAsync("generic", "team", name, "1.0.0")).Status!);
        }

        return statuses;
    }

    private static string Deny(params string[] names) =>
        "denyList:\n" + string.Concat(names.Select(n => $"  - package: pkg:generic/team/{n}\n    versions: \"*\"\n    reason: not approved\n"));

    private static string Waiver(string name, string expires, bool header = true) =>
        (header ? "waivers:\n" : "") + $"  - package: pkg:generic/team/{name}\n    version: \"1.0.0\"\n    rule: deny-list.match\n    reason: approved for {name}\n    expires: {expires}\n";

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

    private static async Task<JsonObject> SweepAsync(StackHarness stack)
    {
        var result = await stack.Stack.SweepAsync(StackHarness.Bounded());
        Assert.True(result.Success, $"{result.ErrorType}: {result.ErrorMessage}");
        return JsonNode.Parse(result.ResponseBody!)!.AsObject();
    }

    private string ClockFile() => Work.File("clock-offset");

    private static Task MoveClockAsync(string file, TimeSpan offset) =>
        File.WriteAllTextAsync(file, offset.ToString("c", CultureInfo.InvariantCulture));

    private string PolicyFile(string name, string yaml)
    {
        var path = Work.File(name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>The notifications about one package in the repository the test looks at (the store's copy has its own).</summary>
    private static List<EmailMessage> EmailsAbout(StackHarness stack, string format, string? ns, string name) =>
        [.. stack.EmailsMentioning(PackageUrl.For(stack.VersionId(format, ns, name, "1.0.0", format == "npm" ? Governed : StackHarness.Repository)))
            .Where(e => e.Body.Contains($"{StackHarness.Domain}/{(format == "npm" ? Governed : StackHarness.Repository)} ", StringComparison.Ordinal))];
}

/// <summary>The scenarios against the JIT build (the dotnet10 packaging); <c>NativeAot/</c> runs them against the NativeAOT one.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class ReevaluationEndToEndTests(FunctionProgramFixture fixture) : ReevaluationScenarios(fixture);
