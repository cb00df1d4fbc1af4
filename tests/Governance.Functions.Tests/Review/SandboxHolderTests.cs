using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Functions.Observability;
using Governance.Functions.Review;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.Review;

/// <summary>
/// The ledger's claim holder is one name per sandbox. In Lambda every sandbox boots the same way, so their process
/// ids are very likely equal (and the local host gives all its sandboxes one log stream name): the name must still
/// differ, or two sandboxes handed the same duplicate delivery would both re-enter "their" claim and both review it.
/// </summary>
public sealed class SandboxHolderTests
{
    private const string Function = "governance-review";
    private const string LogStream = "2025/11/25/[$LATEST]local";

    [Fact]
    public void For_WhenTwoSandboxesShareTheFunctionTheLogStreamAndTheProcessId_ShouldStillDiffer()
    {
        var first = SandboxHolder.For(Function, LogStream, Guid.NewGuid());
        var second = SandboxHolder.For(Function, LogStream, Guid.NewGuid());

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void For_WhenTheLogStreamIsKnown_ShouldNameTheFunctionTheLogStreamAndTheSandbox()
    {
        var sandbox = Guid.Parse("4b1c7e2a-9d3f-5a60-8e21-0c7d55aa1f03");

        Assert.Equal("governance-review@2025/11/25/[$LATEST]local#4b1c7e2a9d3f5a608e210c7d55aa1f03", SandboxHolder.For(Function, LogStream, sandbox));
        Assert.Equal("governance-review#4b1c7e2a9d3f5a608e210c7d55aa1f03", SandboxHolder.For(Function, null, sandbox));
    }

    [Fact]
    public async Task Review_WhenTwoSandboxesWithOneProcessIdGetTheSameDelivery_ShouldReviewOnceAndTheOtherRetryNamingTheHolder()
    {
        // Sandbox A stops inside its review (decision recorded, status set, not yet marked acted) until released.
        using var inside = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var holderA = SandboxHolder.For(Function, LogStream, Guid.NewGuid());
        var holderB = SandboxHolder.For(Function, LogStream, Guid.NewGuid());
        using var harness = new ReviewerHarness(new ReviewerOptions
        {
            Holder = holderA,
            Lease = TimeSpan.FromSeconds(30),
            CrashPoint = step =>
            {
                if (step == "after-status-update")
                {
                    inside.Release();
                    Assert.True(release.Wait(TimeSpan.FromSeconds(30)), "sandbox A was never released");
                }
            },
        });
        using var logB = new StringWriter();
        using var metricsB = new StringWriter();
        var sandboxB = new ReviewFunction(
            new VersionReviewer(harness.Source, harness.Ledger, harness.Publisher, DefaultPolicy.Policy, SystemClock.Instance,
                new ReviewerOptions { Holder = holderB, Lease = TimeSpan.FromSeconds(30) }),
            new StructuredLog(logB),
            new EmbeddedMetrics(metricsB, Function));
        var id = harness.AddGeneric("twice-delivered");
        var delivery = SqsBatch("msg-1", ReviewerHarness.EventFor("twice-delivered"));

        var reviewA = Task.Run(() => harness.Function.HandleAsync(delivery, CancellationToken.None));
        Assert.True(await inside.WaitAsync(TimeSpan.FromSeconds(30)), "sandbox A never reached its status update");
        var answerB = await sandboxB.HandleAsync(delivery, CancellationToken.None);
        release.Release();
        var answerA = await reviewA.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(BatchItemFailures(answerA));
        Assert.Equal(["msg-1"], BatchItemFailures(answerB));
        Assert.Single(harness.Publisher.Messages);
        var retried = Assert.Single(FunctionLogLines.Parse(logB.ToString()), l => l.GetProperty("message").GetString() == "review will be retried");
        var reason = retried.GetProperty("reason").GetString()!;
        Assert.Contains($"held by {holderA} until ", reason, StringComparison.Ordinal);
        Assert.Contains($"this is {holderB}", reason, StringComparison.Ordinal);
        var revision = (await harness.Source.DescribeVersionAsync(id, CancellationToken.None)).Revision;
        var decision = await harness.Ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(id), revision), CancellationToken.None);
        Assert.Equal(holderA, decision?.Holder);

        // The redelivery to sandbox B then finds the decision and sends nothing more.
        Assert.Empty(BatchItemFailures(await sandboxB.HandleAsync(delivery, CancellationToken.None)));
        Assert.Single(harness.Publisher.Messages);
    }

    private static List<string> BatchItemFailures(string answer)
    {
        using var document = JsonDocument.Parse(answer);
        return document.RootElement.GetProperty("batchItemFailures").EnumerateArray()
            .Select(f => f.GetProperty("itemIdentifier").GetString()!).ToList();
    }

    private static string SqsBatch(string messageId, string body) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["messageId"] = messageId,
            ["receiptHandle"] = "handle-" + messageId,
            ["body"] = body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:us-east-1:111122223333:governance-review",
            ["awsRegion"] = "us-east-1",
        }),
    }.ToJsonString();
}
