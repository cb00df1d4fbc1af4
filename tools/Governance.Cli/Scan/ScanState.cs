using System.Text.Json.Serialization;

namespace Governance.Cli.Scan;

/// <summary>
/// The resume checkpoint of one scan (the <c>--state</c> file): what it scans, where the listing stands and what was
/// counted so far. Versions decided after the last save are found again on resume and the ledger answers
/// "already decided" for them, so a checkpoint a little behind costs time, never a second decision.
/// </summary>
internal sealed class ScanState
{
    public const int CurrentSchema = 1;

    public int Schema { get; set; } = CurrentSchema;

    /// <summary>Drawn when the scan starts and kept across resumes: the ledger holder is <c>scan/{HolderId}</c>.</summary>
    public string HolderId { get; set; } = "";

    public ScanScope Scope { get; set; } = new();

    /// <summary>The domain owner the ledger keys name (from --domain-owner or DescribeRepository).</summary>
    public string DomainOwner { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Time spent scanning in earlier runs of this state (a resumed scan adds its own).</summary>
    public double ElapsedSeconds { get; set; }

    public int Runs { get; set; }

    public ScanCursor Cursor { get; set; } = new();

    public ScanCounters Counters { get; set; } = new();

    /// <summary>Versions whose review failed with a transient error: retried at the end of the listing and on resume.</summary>
    public List<ScanVersionRef> Pending { get; set; } = [];
}

/// <summary>What a state file scans; a resume with other filters is refused (it would skip or repeat versions).</summary>
internal sealed record ScanScope
{
    public string Domain { get; init; } = "";
    public string Repository { get; init; } = "";
    public string? Format { get; init; }
    public string? Namespace { get; init; }
    public string? PackagePrefix { get; init; }
    public string? Status { get; init; }
    public bool DryRun { get; init; }

    public static ScanScope Of(ScanRequest request) => new()
    {
        Domain = request.Domain,
        Repository = request.Repository,
        Format = request.Format,
        Namespace = request.Namespace,
        PackagePrefix = request.PackagePrefix,
        Status = request.Status,
        DryRun = request.DryRun,
    };
}

/// <summary>
/// Where the listing stands: the ListPackages page (by the token that fetched it), the package within it, the
/// ListPackageVersions page of that package (by its token) and the versions of that page already done.
/// </summary>
internal sealed class ScanCursor
{
    public string? PackagesToken { get; set; }

    public int PackageIndex { get; set; }

    /// <summary>The package at <see cref="PackageIndex"/>, to find it again if the page moved.</summary>
    public ScanPackageRef? Package { get; set; }

    public string? VersionsToken { get; set; }

    /// <summary>The current version page was already added to <see cref="ScanCounters.Listed"/>.</summary>
    public bool PageCounted { get; set; }

    public List<string> Done { get; set; } = [];

    /// <summary>Every package was listed and reviewed (only <see cref="ScanState.Pending"/> may be left).</summary>
    public bool ListingDone { get; set; }
}

internal sealed record ScanPackageRef(string Format, string? Namespace, string Name);

internal sealed record ScanVersionRef(string Format, string? Namespace, string Name, string Version);

/// <summary>The running totals the summary reports.</summary>
internal sealed class ScanCounters
{
    /// <summary>Reviewable versions listed so far (the progress line's total).</summary>
    public long Listed { get; set; }

    /// <summary>Versions the scan is finished with (any outcome but an error).</summary>
    public long Reviewed { get; set; }

    /// <summary>By review outcome: decided, already-decided, ignored, gone, error.</summary>
    public SortedDictionary<string, long> Outcomes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>By verdict: passed, warned, quarantined, failed.</summary>
    public SortedDictionary<string, long> Verdicts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Findings by rule id, over the versions this scan decided (the verdict is in hand only then).</summary>
    public SortedDictionary<string, long> Rules { get; set; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Calls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every version whose verdict failed, with what was done about it.</summary>
    public List<ScanFailedVersion> Failed { get; set; } = [];
}

internal sealed record ScanFailedVersion(string PackageUrl, string? Revision, string Outcome, string? Action, bool ActionApplied, string Reason);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScanState))]
internal sealed partial class ScanStateJsonContext : JsonSerializerContext
{
}
