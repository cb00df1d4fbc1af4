namespace Governance.Cli.Scan;

/// <summary>
/// What <c>governance scan</c> was asked to do, as parsed from its command line (the command wiring builds it; the
/// scan itself never reads argv).
/// </summary>
/// <param name="Domain">--domain (required).</param>
/// <param name="DomainOwner">--domain-owner: the owning account; null leaves it out of every request, as the aws CLI does, and takes the owner the ledger keys name from DescribeRepository.</param>
/// <param name="Repository">--repository (required).</param>
/// <param name="Format">--format: npm, pypi, maven, nuget, generic, …; null scans every format.</param>
/// <param name="Namespace">--namespace: only packages in this namespace (Maven groupId, npm scope without @).</param>
/// <param name="PackagePrefix">--package-prefix: only packages whose name starts with this.</param>
/// <param name="Status">--status: only versions in this status (Published, Unlisted, Archived); null: all reviewable ones.</param>
/// <param name="DryRun">--dry-run: decide and report, change nothing (no status change, no ledger write, no notification).</param>
/// <param name="Json">--json: the summary as one JSON document on stdout instead of a table.</param>
/// <param name="PolicyPath">--policy: the policy file; null uses ./governance.yaml when present, else the built-in default policy (as <c>check</c> does).</param>
/// <param name="StatePath">--state: the resume checkpoint file; null derives one under ./.governance/scan/ from domain and repository.</param>
/// <param name="LedgerTable">--ledger-table: share the deployed stack's DynamoDB ledger; null uses a file ledger beside the state.</param>
/// <param name="TopicArn">--topic-arn: publish each decision's notification to this SNS topic; null publishes nothing.</param>
/// <param name="RequestsPerSecond">--rate: CodeArtifact requests per second the scan stays under; null: <see cref="DefaultRequestsPerSecond"/>.</param>
/// <param name="Concurrency">--concurrency: versions reviewed at once; null: <see cref="DefaultConcurrency"/>.</param>
public sealed record ScanRequest(
    string Domain,
    string? DomainOwner,
    string Repository,
    string? Format = null,
    string? Namespace = null,
    string? PackagePrefix = null,
    string? Status = null,
    bool DryRun = false,
    bool Json = false,
    string? PolicyPath = null,
    string? StatePath = null,
    string? LedgerTable = null,
    string? TopicArn = null,
    double? RequestsPerSecond = null,
    int? Concurrency = null)
{
    /// <summary>
    /// 40 requests a second: under the lowest per-API quota a scan calls, GetPackageVersionAsset's 50 a second
    /// (README.md, "Scan", lists the quotas designed for), leaving room for the review function and for people.
    /// </summary>
    public const double DefaultRequestsPerSecond = 40;

    /// <summary>Reviews in flight at once; with the default rate a few suffice to keep the bucket busy.</summary>
    public const int DefaultConcurrency = 4;

    public const int MaxConcurrency = 64;
}
