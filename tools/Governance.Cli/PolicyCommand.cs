using System.Globalization;
using Governance.Core.Integrity;
using Governance.Core.Policy;

namespace Governance.Cli;

/// <summary>
/// <c>governance policy validate [FILE]</c> (exit 0 valid, 1 invalid, 2 usage) and <c>governance policy explain
/// [FILE]</c> (what the policy allows, in words; exit 2 when invalid). Without FILE: ./governance.yaml, else the built-in
/// default. The command line is parsed by <see cref="Commands.PolicyCommandDefinition"/>.
/// </summary>
public static class PolicyCommand
{
    /// <summary><c>policy validate [FILE]</c>: exit 0 valid (expired waivers are warnings), 1 invalid.</summary>
    public static int Validate(string? path, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (Load(path, stderr) is not { } policy)
        {
            return 1;
        }
        stdout.WriteLine($"{policy.SourceName}: valid (mode {PolicyNames.ModeName(policy.Mode)}, quarantine status {policy.QuarantineStatus}, " +
            $"{policy.Licenses.Allow.Count} allowed licenses, {policy.DenyList.Count} deny-list entries, {policy.Waivers.Count} waivers)");
        foreach (var waiver in policy.Waivers.Where(w => w.IsExpired(now)))
        {
            stdout.WriteLine($"  warning: line {waiver.Line}: the waiver for {waiver.Rule} on {waiver.Package} {waiver.Version} has expired and no longer applies");
        }
        return 0;
    }

    /// <summary><c>policy explain [FILE]</c>: what the policy allows, in words; exit 2 when it is invalid.</summary>
    public static int Explain(string? path, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (Load(path, stderr) is not { } policy)
        {
            return 2;
        }
        Explain(stdout, policy, now);
        return 0;
    }

    private static GovernancePolicy? Load(string? path, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var result = PolicySource.Resolve(path);
        if (result.Success)
        {
            return result.Policy;
        }
        stderr.WriteLine($"{result.Errors[0].File}: the policy is invalid ({result.Errors.Count} problem{(result.Errors.Count == 1 ? "" : "s")}):");
        PolicySource.WriteErrors(stderr, result);
        return null;
    }

    private static void Explain(TextWriter o, GovernancePolicy policy, DateTimeOffset now)
    {
        static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "(none)";
        static string Size(long? bytes) => bytes is { } b ? $"{b.ToString("N0", CultureInfo.InvariantCulture)} bytes" : "no limit";
        var licenses = policy.Licenses;

        o.WriteLine($"Policy {policy.SourceName}");
        o.WriteLine();
        o.WriteLine(policy.Mode == PolicyMode.Enforce
            ? $"Mode enforce: a version that passes is set to Published; one that fails is set to {policy.QuarantineStatus}."
            : $"Mode audit: versions are reviewed and notified, but no status is changed (a failure would mean {policy.QuarantineStatus}).");
        o.WriteLine(policy.QuarantineStatus == Governance.Core.Packages.PackageVersionStatus.Unlisted
            ? "  Unlisted hides the version from listings; it can still be fetched by exact version."
            : "  Archived blocks downloads of the version entirely.");
        var repositories = policy.Scope.Repositories.SequenceEqual(["*"]) ? "every repository" : $"repositories {List(policy.Scope.Repositories)}";
        o.WriteLine($"Scope: {repositories}; formats {List(policy.Scope.Formats)}.");
        ExplainIntel(o, policy);
        o.WriteLine($"Integrity: every asset is downloaded and its {List(policy.Integrity.RequiredHashes.Select(k => k.WireName()))} recomputed; " +
            "it must equal what CodeArtifact recorded (a mismatch cannot be waived).");
        o.WriteLine("  EXTERNAL versions: the public registry's own digests are compared too (streamed = CodeArtifact = registry); " +
            $"when the registry has none for the version or cannot be reached: {Action(policy.Integrity.PublicRegistry.Unverified)} (registry.unverified).");
        o.WriteLine("Licenses (SPDX; OR passes when one side passes, AND when all do; several declared licenses combine as AND):");
        o.WriteLine($"  allowed: {List(licenses.Allow)}");
        o.WriteLine($"  denied (deny wins over allow): {List(licenses.Deny)}");
        o.WriteLine($"  exceptions allowed after WITH: {List(licenses.AllowedExceptions)}");
        o.WriteLine("  any other SPDX license: quarantined as license.not-allowed");
        o.WriteLine($"  a license that is not recognised: {Fallback(licenses.Unknown)}");
        o.WriteLine($"  no license declared: {Fallback(licenses.Missing)}");
        foreach (var (format, o2) in licenses.Formats)
        {
            var parts = new List<string>();
            if (o2.Unknown is { } u)
            {
                parts.Add($"an unrecognised license is {Fallback(u)}");
            }
            if (o2.Missing is { } m)
            {
                parts.Add($"a version without license metadata is {Fallback(m)}");
            }
            o.WriteLine($"  for {format} packages: {string.Join("; ", parts)}");
        }
        var discovery = licenses.Discovery;
        var sources = new List<string>();
        if (discovery.Archive)
        {
            sources.Add("the package manifest inside the archive");
        }
        if (discovery.ParentPom)
        {
            sources.Add("a Maven parent POM's <licenses>");
        }
        if (discovery.Archive)
        {
            sources.Add($"a license file matching its SPDX text with score {discovery.MinimumScore.ToString("0.00", CultureInfo.InvariantCulture)} or more");
        }
        o.WriteLine(sources.Count == 0
            ? "  when the metadata has no recognised license: nothing else is read (licenses.discovery is off)"
            : $"  when the metadata has no recognised license, the first of these that names one is judged instead: {string.Join("; then ", sources)}");
        o.WriteLine(policy.DenyList.Count == 0 ? "Deny list: empty." : "Deny list (always quarantined):");
        foreach (var entry in policy.DenyList)
        {
            o.WriteLine($"  {entry.Package} versions {entry.Versions}: {entry.Reason} (line {entry.Line})");
        }
        ExplainCooldown(o, policy.Cooldown);
        o.WriteLine($"Size limits: each asset {Size(policy.SizeLimits.MaxAssetBytes)}; each version {Size(policy.SizeLimits.MaxVersionBytes)}.");
        o.WriteLine(policy.Waivers.Count == 0 ? "Waivers: none." : "Waivers:");
        foreach (var waiver in policy.Waivers)
        {
            var state = waiver.IsExpired(now) ? "EXPIRED" : "active";
            o.WriteLine($"  {waiver.Package} {waiver.Version}, rule {waiver.Rule}: {waiver.Reason} ({state}, until {waiver.ExpiresAt:yyyy-MM-dd HH:mm} UTC, line {waiver.Line})");
        }
    }

    private static void ExplainCooldown(TextWriter o, CooldownPolicy cooldown)
    {
        var overrides = cooldown.Formats.Where(f => f.Value != cooldown.MinimumAge).ToList();
        if (cooldown.MinimumAge <= TimeSpan.Zero && overrides.All(f => f.Value <= TimeSpan.Zero))
        {
            o.WriteLine("Cooldown: none (cooldown.minimumAge is 0): a new version is reviewed as soon as it arrives.");
            return;
        }

        o.WriteLine($"Cooldown: {string.Join(" and ", cooldown.Origins)} versions younger than {Age(cooldown.MinimumAge)} are held " +
            "(cooldown.active, the quarantine status) and reviewed again when they are old enough; the age counts from the public registry's publish time, else CodeArtifact's.");
        foreach (var (format, age) in overrides)
        {
            o.WriteLine($"  for {format} packages: {Age(age)}");
        }

        o.WriteLine(cooldown.Exempt.Count == 0 ? "  exempt: none" : $"  exempt (never held): {string.Join(", ", cooldown.Exempt)}");
    }

    private static string Age(TimeSpan age) => age <= TimeSpan.Zero ? "no wait"
        : age.TotalHours % 24 == 0 ? $"{age.TotalDays.ToString(CultureInfo.InvariantCulture)} days"
        : $"{age.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours";

    private static string Fallback(LicenseFallback fallback) => fallback == LicenseFallback.Allow ? "allowed" : "quarantined";

    private static string Action(EvidenceAction action) => action == EvidenceAction.Warn ? "a warning only" : "quarantined";

    private static void ExplainIntel(TextWriter o, GovernancePolicy policy)
    {
        var intel = policy.Intel;
        o.WriteLine("Intel (an OSV-compatible API, when the deployment configures one):");
        o.WriteLine("  a known-malicious version (an OSV MAL- advisory): Archived, whatever the quarantine status; intel.malicious cannot be waived");
        o.WriteLine($"  an advisory of severity {PolicyNames.SeverityName(intel.Vulnerabilities.MinimumSeverity)} or above: " +
            $"{Action(intel.Vulnerabilities.Action)} (intel.vulnerable); lower or unknown severities are listed in the message only");
        o.WriteLine($"  the intel source unreachable after its retries: {Action(intel.Unreachable.External)} for EXTERNAL versions, " +
            $"{Action(intel.Unreachable.Internal)} for INTERNAL ones (intel.unreachable); an intel source that is not configured is not a finding");
    }
}
