using Governance.Aws.CodeArtifact;
using Governance.Aws.Sns;
using Governance.Core.Ports;
using Governance.Core.Workflow;

namespace Governance.Functions;

/// <summary>
/// The reviewer as both the review and the re-evaluation functions build it from their environment: the same
/// policy, ledger, CodeArtifact and SNS clients, evidence sources and clock, so a re-evaluation decides exactly as
/// the review would.
/// </summary>
internal static class ReviewerFactory
{
    public static (VersionReviewer Reviewer, IDecisionLedger Ledger, IClock Clock, Core.Policy.GovernancePolicy Policy) FromEnvironment(
        Func<string, string?> environment, string functionName)
    {
        var policy = FunctionPolicy.Load(environment);
        var topicArn = FunctionProgram.Required(environment, "GOVERNANCE_TOPIC_ARN", "the ARN of the SNS topic verdicts are published to");
        var clock = TestClock.FromEnvironment(environment);
        var ledger = LedgerFactory.FromEnvironment(environment, clock);
        // Read before any client is built, so a wrong value fails the init with its own message.
        var receiptWait = FunctionProgram.ReceiptWaitFrom(environment);
        var evidence = EvidenceFactory.FromEnvironment(environment);
        var options = new ReviewerOptions
        {
            // Built once per sandbox (this runs in the init phase), never shared with another sandbox.
            Holder = SandboxHolder.For(functionName, environment("AWS_LAMBDA_LOG_STREAM_NAME"), Guid.NewGuid()),
            Lease = FunctionProgram.LeaseFrom(environment),
            ReceiptWait = receiptWait,
            CrashPoint = TestCrashPoint.FromEnvironment(environment),
        };
        var reviewer = new VersionReviewer(
            new CodeArtifactPackageSource(new CodeArtifactClient(new CodeArtifactConfig())),
            ledger,
            new SnsNotificationPublisher(new SnsClient(new SnsConfig()), topicArn),
            policy,
            clock,
            options,
            evidence);
        return (reviewer, ledger, clock, policy);
    }
}
