using System.Text;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Tests.Workflow.Fakes;
using Governance.Core.Workflow;

namespace Governance.Core.Tests.Workflow;

/// <summary>
/// The reviewer wired to its port fakes: one package source, ledger, publisher and clock shared by every reviewer
/// and sweep the test builds, so a test can play a first review, a crash, a retry in another sandbox and a sweep
/// under a new policy against the same state.
/// </summary>
public sealed class ReviewBench
{
    public const string Account = "111122223333";

    public ReviewBench(DateTimeOffset? start = null)
    {
        Clock = new ManualClock(start ?? new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        Ledger = new InMemoryDecisionLedger(Clock);
    }

    public ManualClock Clock { get; }

    public InMemoryPackageSource Source { get; } = new();

    public InMemoryDecisionLedger Ledger { get; }

    public RecordingPublisher Publisher { get; } = new();

    /// <summary>The intel source every reviewer and sweep asks; null: none configured.</summary>
    public ScriptedIntelSource? Intel { get; set; }

    /// <summary>A policy from YAML (the keys it leaves out take the default policy's values), with its digest.</summary>
    public static GovernancePolicy Policy(string yaml)
    {
        var result = PolicyLoader.LoadFromText(yaml, "test-policy.yaml");
        Assert.True(result.Policy is not null, string.Join("\n", result.Errors));
        return result.Policy!;
    }

    public VersionReviewer Reviewer(GovernancePolicy policy, string holder = "review#a", Action<string>? crash = null) =>
        new(Source, Ledger, Publisher, policy, Clock, new ReviewerOptions { Holder = holder, Lease = TimeSpan.FromMinutes(15), CrashPoint = crash },
            new EvidenceSources(Intel, null));

    public ReevaluationSweep Sweep(GovernancePolicy policy, string holder = "reevaluate#a") =>
        new(Ledger, Reviewer(policy, holder), policy, Clock, new SweepOptions());

    /// <summary>Adds an npm version with one asset and the licenses given, published <paramref name="age"/> before now.</summary>
    public PackageVersionId AddNpm(string name, string license, string origin = "EXTERNAL", TimeSpan? age = null, string version = "1.0.0")
    {
        var id = new PackageVersionId("unit-domain", Account, "unit-repo", "npm", null, name, version);
        Source.Add(id, [license], origin, Clock.UtcNow - (age ?? TimeSpan.FromDays(30)), ("package.tgz", Encoding.UTF8.GetBytes($"{name}@{version}")));
        return id;
    }

    public string LastMessageText() => Publisher.Messages[^1].Subject + "\n" + Publisher.Messages[^1].EmailBody;
}
