using Amazon.Runtime;
using Governance.Functions.Tests.Support;
using Governance.Local.Faults;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>
/// Seeded chaos: throttling and 5xx on every AWS call, downloads reset mid-asset and bytes flipped in transit. Faults
/// are retried (SDK retries, the reviewer's asset retries, redelivery) and never become verdicts: every version ends
/// in the state its bytes and metadata deserve, with one notification each.
/// </summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class FaultStormEndToEndTests(FunctionProgramFixture fixture)
{
    [Fact]
    public async Task Review_WhenThrottlingStormAndMidAssetResets_ShouldEndEveryVersionInItsCorrectState()
    {
        var faults = new FaultSettings(Throttle: 0.2, ServerError: 0.05, Reset: 0.25, Corrupt: 0.05, Seed: 20261125);
        await using var stack = await fixture.StartStackAsync("storm", o => o with { Faults = faults });
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            var name = $"calm-{i}";
            // Assets of a few KiB, so that a reset can cut a download in its middle.
            var bytes = new byte[4096 + (i * 1000)];
            Random.Shared.NextBytes(bytes);
            await WithRetriesAsync(() => stack.PublishGenericAsync("storm", name, "1.0.0", "data.bin", bytes));
            expected[name] = "Published";
        }

        for (var i = 0; i < 2; i++)
        {
            var name = $"tampered-{i}";
            var bytes = new byte[5000];
            Random.Shared.NextBytes(bytes);
            await WithRetriesAsync(() => stack.PublishGenericAsync("storm", name, "1.0.0", "payload.bin", bytes, unfinished: true));
            await stack.CorruptAssetAsync("generic", "storm", name, "1.0.0", "payload.bin");
            await WithRetriesAsync(() => stack.PublishGenericAsync("storm", name, "1.0.0", "SHA256SUMS", StackHarness.AssetBytes(name, "1.0.0", "sums")));
            expected[name] = "Unlisted";
        }

        await stack.WaitForQuietAsync(180);
        // The storm is real: calls without retries see it.
        Assert.True(await CountThrottledAsync(stack, 20) > 0, "the fault settings injected no throttling at all");
        stack.Stack.Stack.Faults.Configure(FaultSettings.None);

        foreach (var (name, status) in expected)
        {
            var (described, decision, verdict) = await stack.CurrentVerdictAsync("generic", "storm", name, "1.0.0");
            Assert.True(status == described.Status, $"{name} ended {described.Status}, expected {status}; findings: {string.Join(", ", verdict.Findings.Select(f => f.RuleId))}");
            Assert.True(decision.Notified, $"{name} was decided but not notified");
            Assert.Equal(status == "Published" ? [] : new[] { "integrity.sha256-mismatch" }, verdict.BlockingFindings.Select(f => f.RuleId).ToArray());
            Assert.Single(stack.EmailsMentioning(verdict.Package.Purl));
        }

        Assert.False(File.Exists(stack.Stack.ReviewDeadLetterFile), "no event may be dead-lettered by transient faults: " +
            (File.Exists(stack.Stack.ReviewDeadLetterFile) ? File.ReadAllText(stack.Stack.ReviewDeadLetterFile) : ""));
    }

    private static async Task<int> CountThrottledAsync(StackHarness stack, int calls)
    {
        using var client = new Governance.Aws.CodeArtifact.CodeArtifactClient(
            new BasicAWSCredentials("test", "test"),
            new Governance.Aws.CodeArtifact.CodeArtifactConfig { ServiceURL = stack.Stack.Stack.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var throttled = 0;
        for (var i = 0; i < calls; i++)
        {
            try
            {
                await client.DescribePackageVersionAsync(new Governance.Aws.CodeArtifact.Model.DescribePackageVersionRequest
                {
                    Domain = StackHarness.Domain, Repository = StackHarness.Repository, Format = "generic", Namespace = "storm", Package = "calm-0", PackageVersion = "1.0.0",
                });
            }
            catch (AmazonServiceException ex) when ((int)ex.StatusCode == 429)
            {
                throttled++;
            }
            catch (AmazonServiceException ex) when ((int)ex.StatusCode >= 500)
            {
            }
        }

        return throttled;
    }

    /// <summary>The test's own publishes face the same storm; a person would retry them too.</summary>
    private static async Task WithRetriesAsync(Func<Task> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (AmazonServiceException ex) when (attempt < 10 && ((int)ex.StatusCode == 429 || (int)ex.StatusCode >= 500))
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}
