using System.Globalization;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Licenses;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using Governance.Core.Workflow;
using Governance.Evidence;
using Governance.Evidence.Osv;

namespace Governance.Cli;

/// <summary>
/// <c>governance check FILE --format F [...]</c>: evaluates the policy on a local artifact, offline, exactly as the
/// review function would once the file were published: licenses missing from the arguments are read from the
/// archive, and with <c>--intel URL</c> an OSV-compatible API is asked about the version (offline by default).
/// Exit 0 pass, 1 would be quarantined, 2 usage or policy error.
/// </summary>
public static class CheckCommand
{
    public const string Usage =
        "usage: governance check FILE --format generic|npm|maven|pypi|nuget [--namespace NS] [--name N] [--version V]\n" +
        "                        [--license EXPR]... [--sha256 HEX] [--policy governance.yaml] [--intel URL] [--json]\n" +
        "  --intel URL  ask an OSV-compatible API (e.g. https://api.osv.dev) about the version; offline without it";

    private static readonly HashSet<string> ValueOptions =
        ["--format", "--namespace", "--name", "--version", "--license", "--sha256", "--policy", "--intel"];

    private static readonly HashSet<string> FlagOptions = ["--json", "--help"];

    private static readonly string[] CheckFormats =
        [PackageFormats.Generic, PackageFormats.Npm, PackageFormats.Maven, PackageFormats.PyPI, PackageFormats.NuGet];

    public static int Run(string[] args) => Run(args, Console.Out, Console.Error, DateTimeOffset.UtcNow);

    /// <param name="now">The evaluation time (waiver expiry); tests pass a fixed one.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // Fire and forget: see WarmUp for why this is safe and what it buys.
        _ = Task.Run(WarmUp);
        var parsed = CliArguments.Parse(args, ValueOptions, FlagOptions);
        if (parsed.Flag("--help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        if (Validate(parsed) is { } usageError)
        {
            stderr.WriteLine($"governance check: {usageError}");
            stderr.WriteLine(Usage);
            return 2;
        }
        var file = parsed.Positionals[0];
        var format = parsed.Value("--format")!.ToLowerInvariant();

        var policyResult = PolicySource.Resolve(parsed.Value("--policy"));
        if (!policyResult.Success)
        {
            stderr.WriteLine("governance check: the policy is invalid:");
            PolicySource.WriteErrors(stderr, policyResult);
            return 2;
        }
        var policy = policyResult.Policy;

        var name = parsed.Value("--name") ?? Path.GetFileNameWithoutExtension(file);
        var version = parsed.Value("--version") ?? "0.0.0-local";
        var id = new PackageVersionId("local", "000000000000", "local", format, parsed.Value("--namespace"), name, version);
        var facts = new PackageVersionFacts(id, PackageVersionStatus.Published, "local", parsed.Values("--license"), "LOCAL", null);
        // Started first: the question to the intel source travels while the file is read.
        var intel = LookUpIntelAsync(parsed.Value("--intel"), id);

        StreamVerification verification;
        LicenseDiscovery discovery;
        long size;
        var kinds = policy.Integrity.RequiredHashes.Append(HashKind.Sha256).Distinct().ToArray();
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            size = stream.CanSeek ? stream.Length : 0;
            // No repository to ask for a parent POM: a local file's licenses come from the arguments or the archive.
            var scan = LicenseScans.For(facts, policy, followParentPom: false);
            try
            {
                var sink = scan?.SinkFor(new AssetDescriptor(Path.GetFileName(file), size, new Dictionary<string, string>()));
                verification = StreamVerifier.VerifyAsync(stream, kinds, policy.SizeLimits.MaxAssetBytes, sink, CancellationToken.None).GetAwaiter().GetResult();
                discovery = scan is null ? LicenseDiscovery.None : scan.FinishAsync(id, source: null, CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                scan?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            size = Math.Max(size, verification.BytesRead);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"governance check: cannot read '{file}': {ex.Message}");
            return 2;
        }

        var expectedSha256 = parsed.Value("--sha256");
        // What CodeArtifact would have recorded: the digests of the file itself, except the SHA-256 the user expects.
        var recorded = verification.Digests.ToDictionary(d => d.Key.WireName(), d => d.Value, StringComparer.Ordinal);
        if (expectedSha256 is not null)
        {
            recorded[HashKind.Sha256.WireName()] = expectedSha256.ToLowerInvariant();
        }
        var asset = new AssetIntegrity(Path.GetFileName(file), size, recorded, verification.Digests, verification.BytesRead, verification.SizeLimitExceeded);
        var evidence = new ReviewEvidence(
            intel.GetAwaiter().GetResult(),
            RegistryEvidence.NotQueried("a local file: it came from no public registry"),
            discovery);
        var verdict = PolicyEvaluator.Evaluate(new ReviewSubject(facts, [asset], evidence), policy, now);

        if (parsed.Flag("--json"))
        {
            stdout.WriteLine(VerdictDocument.Serialize(verdict));
        }
        else
        {
            WriteReadable(stdout, verdict, file, asset, expectedSha256 is null);
        }
        return verdict.Passed ? 0 : 1;
    }

    /// <summary>The intel source's answer about the version, or "not queried" when no <c>--intel</c> was given.</summary>
    private static async Task<IntelEvidence> LookUpIntelAsync(string? url, PackageVersionId id)
    {
        if (url is null)
        {
            return IntelEvidence.NotQueried("offline: pass --intel URL (e.g. https://api.osv.dev) to ask an OSV-compatible API");
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var source = new OsvIntelSource(http, new OsvOptions(new Uri(url.EndsWith('/') ? url : url + "/"), EvidenceHttpOptions.Default));
        return await source.LookUpAsync(id, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Start-up work the check needs later but that depends on neither the arguments nor the policy, done on the
    /// second core while this thread parses the policy YAML (the largest part of a small-file check). In order of
    /// need: the SPDX list (the policy reader canonicalises allow/deny ids with it), the verifier's code and OpenSSL's
    /// SHA-256 (library load and init; an empty stream reads nothing), and the license evaluator's name table.
    /// Measured on the shared 2-core machine, 1000-byte file, interleaved runs: JIT build best 150-160 -> 130-140 ms
    /// (median 10-20 ms lower); ReadyToRun publish within noise (its main thread is shorter, so there is less to hide);
    /// with both cores busy it neither helps nor hurts.
    /// Everything here fills thread-safe lazies or JIT-compiles shared code, so whichever thread gets there first
    /// does the work and the other waits for it; a failure here is thrown again, unchanged, where the main thread
    /// asks for the same value, so nothing is lost by not observing this task.
    /// </summary>
    private static void WarmUp()
    {
        _ = SpdxLicenseList.Default;
        StreamVerifier.VerifyAsync(Stream.Null, [HashKind.Sha256], maxBytes: null, CancellationToken.None).GetAwaiter().GetResult();
        _ = LicenseEvaluator.Default;
    }

    private static string? Validate(CliArguments parsed)
    {
        if (parsed.Error is not null)
        {
            return parsed.Error;
        }
        if (parsed.Positionals.Count != 1)
        {
            return parsed.Positionals.Count == 0 ? "FILE is required" : $"one FILE expected, got {parsed.Positionals.Count}";
        }
        var format = parsed.Value("--format");
        if (format is null)
        {
            return "--format is required";
        }
        if (!CheckFormats.Contains(format.ToLowerInvariant()))
        {
            return $"--format '{format}' is not one of {string.Join(", ", CheckFormats)}";
        }
        if (parsed.Value("--intel") is { } intel
            && (!Uri.TryCreate(intel, UriKind.Absolute, out var intelUri) || intelUri.Scheme is not ("https" or "http")))
        {
            return $"--intel must be the base URL of an OSV-compatible API (http or https), e.g. https://api.osv.dev; got '{intel}'";
        }
        if (parsed.Value("--sha256") is { } sha && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)))
        {
            return $"--sha256 must be 64 hexadecimal characters, got '{sha}'";
        }
        foreach (var license in parsed.Values("--license"))
        {
            if (string.IsNullOrWhiteSpace(license))
            {
                return "--license must not be empty (leave it out when the package declares no license)";
            }
        }
        return null;
    }

    private static void WriteReadable(TextWriter o, Verdict verdict, string file, AssetIntegrity asset, bool shaFromFile)
    {
        var p = verdict.Package;
        var display = Governance.Core.Messages.PackageDisplay.Name(p);
        o.WriteLine($"{(verdict.Passed ? "PASS" : "FAIL")}  {p.Format} {display} {p.Version}");
        var wouldBe = verdict.Action.Kind == ActionKind.None ? verdict.Action.WouldBeStatus : verdict.Action.TargetStatus;
        o.WriteLine(verdict.Passed
            ? $"  In a governed repository this version would stay {wouldBe}."
            : $"  In a governed repository this version would be quarantined: status {wouldBe}.");
        o.WriteLine($"  policy:   {verdict.PolicySource} (mode {verdict.Mode})");
        o.WriteLine($"  file:     {file} ({asset.BytesRead.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        if (asset.ActualHashes.TryGetValue(HashKind.Sha256, out var sha))
        {
            o.WriteLine($"  SHA-256:  {sha}{(shaFromFile ? " (no --sha256 given: nothing to compare against)" : "")}");
        }
        var declared = verdict.Licenses.Declared.Count == 0 ? "(none declared)" : string.Join(" | ", verdict.Licenses.Declared);
        o.WriteLine($"  licenses: {declared} -> {verdict.Licenses.Expression ?? "(not understood)"} ({verdict.Licenses.Standing})");
        o.Write(Governance.Core.Messages.NotificationRenderer.EvidenceSection(verdict));
        o.WriteLine();
        if (verdict.Findings.Count == 0)
        {
            o.WriteLine("No findings.");
        }
        var n = 1;
        foreach (var finding in verdict.Findings)
        {
            o.WriteLine($"{n++}. [{finding.RuleId}]{(finding.Severity == FindingSeverity.Warning ? " (warning)" : "")} {finding.Message}");
            foreach (var (key, value) in finding.Evidence)
            {
                o.WriteLine($"     {key}: {value}");
            }
            if (finding.Remedy is { } remedy)
            {
                o.WriteLine("   remedy:");
                foreach (var line in remedy.Split('\n'))
                {
                    o.WriteLine($"     {line}");
                }
            }
        }
        foreach (var waived in verdict.Waived)
        {
            o.WriteLine($"waived [{waived.Finding.RuleId}] {waived.Finding.Message}");
            o.WriteLine($"     by the waiver on policy line {waived.Waiver.Line}: {waived.Waiver.Reason} (expires {waived.Waiver.ExpiresAt:yyyy-MM-dd HH:mm} UTC)");
        }
    }
}
