using Governance.Aws.CodeArtifact.Model;
using Governance.Aws.Ledger;
using Governance.Cli.Local;
using Governance.Core.Packages;
using Governance.Core.Ports;
using Governance.Core.Review;

namespace Governance.Cli.Demo;

/// <summary>What the governed repository says about a version now, and what the review decided for its current revision.</summary>
public sealed record DemoDecision(PackageVersionDescription Version, PackageVersionStatus Status, Verdict? Verdict)
{
    public string Outcome => Verdict?.Outcome.ToString() ?? "(none)";

    public string Reasons => Verdict is null
        ? "no decision recorded"
        : string.Join("; ", Verdict.Findings.Select(f => f.RuleId).DefaultIfEmpty("all checks passed"));
}

/// <summary>Reads a version from the demo's governed repository and its decision from the review's ledger.</summary>
public static class DemoDecisions
{
    public static async Task<DemoDecision> ReadAsync(GovernedStack stack, string format, string? ns, string name, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        using var client = stack.CreateCodeArtifactClient();
        var described = await client.DescribePackageVersionAsync(new DescribePackageVersionRequest
        {
            Domain = DemoPublisher.Domain,
            Repository = DemoPublisher.Repository,
            Format = format,
            Namespace = ns,
            Package = name,
            PackageVersion = version,
        }, cancellationToken).ConfigureAwait(false);
        var current = described.PackageVersion!;
        var id = new PackageVersionId(DemoPublisher.Domain, stack.Stack.Options.Credentials.AccountId, DemoPublisher.Repository, format, ns, name, version);
        var ledger = new FileDecisionLedger(stack.LedgerFolder, SystemClock.Instance);
        var record = await ledger.GetAsync(new DecisionKey(PackageIdentity.VersionKey(id), current.Revision!), cancellationToken).ConfigureAwait(false);
        var verdict = record?.VerdictJson is { } json ? VerdictDocument.Parse(json, out _) : null;
        return new DemoDecision(current, Enum.Parse<PackageVersionStatus>(current.Status!), verdict);
    }
}
