using System.Globalization;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Licenses;
using Governance.Core.Messages;
using Governance.Core.Packages;
using Governance.Core.Policy;
using Governance.Core.Review;
using Governance.Core.Workflow;
using Governance.Cli.Commands;
using Governance.Evidence;
using Governance.Evidence.Osv;

namespace Governance.Cli;

/// <summary>
/// <c>governance check FILE --format F [...]</c>: evaluates the policy on a local artifact, offline, exactly as the
/// review function would once the file were published: licenses missing from the arguments are read from the
/// archive, and with <c>--intel URL</c> an OSV-compatible API is asked about the version (offline by default).
/// Exit 0 pass, 1 would be quarantined, 2 usage, unreadable file or policy error. FILE may be a pipe or FIFO, or
/// <c>-</c> for standard input. With <c>--json</c> an error is one JSON object on stdout too (<see cref="WriteError"/>).
/// Readable output shows control characters in names, versions, licenses and findings as visible escapes.
/// </summary>
public static class CheckCommand
{
    /// <summary>The <c>code</c> of a <c>--json</c> error: the arguments, the file, or the policy.</summary>
    public const string UsageErrorCode = JsonErrorDocument.UsageCode;

    /// <inheritdoc cref="UsageErrorCode"/>
    public const string UnreadableErrorCode = "unreadable";

    /// <inheritdoc cref="UsageErrorCode"/>
    public const string PolicyErrorCode = "policy";

    private static int _warmUpStarted;

    /// <summary>The formats a local artifact can be checked as (<c>--format</c>).</summary>
    public static IReadOnlyList<string> Formats { get; } =
        [PackageFormats.Generic, PackageFormats.Npm, PackageFormats.Maven, PackageFormats.PyPI, PackageFormats.NuGet];

    /// <summary>Runs a check whose arguments were parsed and validated (<see cref="Commands.CheckCommandDefinition"/>).</summary>
    /// <param name="now">The evaluation time (waiver expiry); tests pass a fixed one.</param>
    public static int Run(CheckRequest request, TextWriter stdout, TextWriter stderr, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        StartWarmUp();
        var json = request.Json;
        var file = request.File;
        var fromStdin = file == "-";
        var format = request.Format.ToLowerInvariant();

        var policyResult = PolicySource.Resolve(request.PolicyPath);
        if (!policyResult.Success)
        {
            stderr.WriteLine("governance check: the policy is invalid:");
            PolicySource.WriteErrors(stderr, policyResult);
            return WriteError(stdout, json, PolicyErrorCode, "the policy is invalid", [.. policyResult.Errors.Select(e => e.ToString())]);
        }
        var policy = policyResult.Policy;
        if (!fromStdin && Directory.Exists(file))
        {
            var message = $"cannot read '{file}': it is a directory; give the artifact file (or - for standard input)";
            stderr.WriteLine($"governance check: {UntrustedText.Visible(message)}");
            return WriteError(stdout, json, UnreadableErrorCode, message, []);
        }

        var assetName = fromStdin ? "stdin" : Path.GetFileName(file);
        var name = request.Name ?? (fromStdin ? "stdin" : Path.GetFileNameWithoutExtension(file));
        var version = request.Version ?? "0.0.0-local";
        var id = new PackageVersionId("local", "000000000000", "local", format, request.Namespace, name, version);
        var facts = new PackageVersionFacts(id, PackageVersionStatus.Published, "local", request.Licenses, "LOCAL", null);
        // Started first: the question to the intel source travels while the file is read.
        var intel = LookUpIntelAsync(request.IntelUrl, id);

        StreamVerification verification;
        LicenseDiscovery discovery;
        long size;
        var kinds = policy.Integrity.RequiredHashes.Append(HashKind.Sha256).Distinct().ToArray();
        try
        {
            // A pipe, a FIFO or standard input has no length: the size is what the verifier reads.
            using var stream = fromStdin
                ? Console.OpenStandardInput()
                : new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            size = stream.CanSeek ? stream.Length : 0;
            // No repository to ask for a parent POM: a local file's licenses come from the arguments or the archive.
            var scan = LicenseScans.For(facts, policy, followParentPom: false);
            try
            {
                var sink = scan?.SinkFor(new AssetDescriptor(assetName, size, new Dictionary<string, string>()));
                verification = StreamVerifier.VerifyAsync(stream, kinds, policy.SizeLimits.MaxAssetBytes, sink, CancellationToken.None).GetAwaiter().GetResult();
                discovery = scan is null ? LicenseDiscovery.None : scan.FinishAsync(id, source: null, CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                scan?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            size = Math.Max(size, verification.BytesRead);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var message = $"cannot read '{file}': {ex.Message}";
            stderr.WriteLine($"governance check: {UntrustedText.Visible(message)}");
            return WriteError(stdout, json, UnreadableErrorCode, message, []);
        }

        var expectedSha256 = request.Sha256;
        // What CodeArtifact would have recorded: the digests of the file itself, except the SHA-256 the user expects.
        var recorded = verification.Digests.ToDictionary(d => d.Key.WireName(), d => d.Value, StringComparer.Ordinal);
        if (expectedSha256 is not null)
        {
            recorded[HashKind.Sha256.WireName()] = expectedSha256.ToLowerInvariant();
        }
        var asset = new AssetIntegrity(assetName, size, recorded, verification.Digests, verification.BytesRead, verification.SizeLimitExceeded);
        var evidence = new ReviewEvidence(
            intel.GetAwaiter().GetResult(),
            RegistryEvidence.NotQueried("a local file: it came from no public registry"),
            discovery);
        var verdict = PolicyEvaluator.Evaluate(new ReviewSubject(facts, [asset], evidence), policy, now);

        if (json)
        {
            stdout.WriteLine(VerdictDocument.Serialize(verdict));
        }
        else
        {
            WriteReadable(stdout, verdict, fromStdin ? "(standard input)" : file, asset, expectedSha256 is null);
        }
        return verdict.Passed ? 0 : 1;
    }

    /// <summary>
    /// With <c>--json</c>, writes the error as one JSON object on stdout too (<see cref="JsonErrorDocument"/>); the
    /// readable message has gone to stderr either way. Returns exit code 2.
    /// </summary>
    private static int WriteError(TextWriter stdout, bool json, string code, string message, IReadOnlyList<string> details)
    {
        if (json)
        {
            JsonErrorDocument.Write(stdout, code, message, details);
        }
        return 2;
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
    /// Starts <see cref="WarmUp"/> on the thread pool, once: Program.cs calls it as soon as it sees <c>check</c>, so the
    /// work overlaps parsing the command line too; <see cref="Run"/> calls it for callers that did not.
    /// </summary>
    public static void StartWarmUp()
    {
        // Fire and forget: see WarmUp for why this is safe and what it buys.
        if (Interlocked.Exchange(ref _warmUpStarted, 1) == 0)
        {
            _ = Task.Run(WarmUp);
        }
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

    private static void WriteReadable(TextWriter o, Verdict verdict, string file, AssetIntegrity asset, bool shaFromFile)
    {
        // Everything below that came from the package, the policy or the file name goes through V: a CR, an ESC
        // sequence or a newline is shown as an escape, so it can neither forge a "PASS" line nor drive the terminal.
        static string V(string? text) => UntrustedText.Visible(text);
        var p = verdict.Package;
        var display = PackageDisplay.Name(p);
        o.WriteLine($"{(verdict.Passed ? "PASS" : "FAIL")}  {V(p.Format)} {V(display)} {V(p.Version)}");
        var wouldBe = verdict.Action.Kind == ActionKind.None ? verdict.Action.WouldBeStatus : verdict.Action.TargetStatus;
        o.WriteLine(verdict.Passed
            ? $"  In a governed repository this version would stay {wouldBe}."
            : $"  In a governed repository this version would be quarantined: status {wouldBe}.");
        o.WriteLine($"  policy:   {V(verdict.PolicySource)} (mode {V(verdict.Mode)})");
        o.WriteLine($"  file:     {V(file)} ({asset.BytesRead.ToString("N0", CultureInfo.InvariantCulture)} bytes)");
        if (asset.ActualHashes.TryGetValue(HashKind.Sha256, out var sha))
        {
            o.WriteLine($"  SHA-256:  {sha}{(shaFromFile ? " (no --sha256 given: nothing to compare against)" : "")}");
        }
        var declared = verdict.Licenses.Declared.Count == 0 ? "(none declared)" : string.Join(" | ", verdict.Licenses.Declared.Select(V));
        o.WriteLine($"  licenses: {declared} -> {(verdict.Licenses.Expression is { } expression ? V(expression) : "(not understood)")} ({verdict.Licenses.Standing})");
        // Our own multi-line text: its line breaks are kept, anything else in a line is escaped.
        foreach (var line in NotificationRenderer.EvidenceSection(verdict).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            o.WriteLine(V(line));
        }
        o.WriteLine();
        if (verdict.Findings.Count == 0)
        {
            o.WriteLine("No findings.");
        }
        var n = 1;
        foreach (var finding in verdict.Findings)
        {
            o.WriteLine($"{n++}. [{V(finding.RuleId)}]{(finding.Severity == FindingSeverity.Warning ? " (warning)" : "")} {V(finding.Message)}");
            foreach (var (key, value) in finding.Evidence)
            {
                o.WriteLine($"     {V(key)}: {V(value)}");
            }
            if (finding.Remedy is { } remedy)
            {
                o.WriteLine("   remedy:");
                foreach (var line in remedy.Split('\n'))
                {
                    o.WriteLine($"     {V(line)}");
                }
            }
        }
        foreach (var waived in verdict.Waived)
        {
            o.WriteLine($"waived [{V(waived.Finding.RuleId)}] {V(waived.Finding.Message)}");
            o.WriteLine($"     by the waiver on policy line {waived.Waiver.Line}: {V(waived.Waiver.Reason)} (expires {waived.Waiver.ExpiresAt:yyyy-MM-dd HH:mm} UTC)");
        }
    }
}

/// <summary>What <c>governance check</c> was asked, as parsed from its command line.</summary>
/// <param name="File">The artifact; <c>-</c> is standard input.</param>
/// <param name="Format">--format, one of <see cref="CheckCommand.Formats"/> in any case.</param>
/// <param name="Licenses">--license, each occurrence one declared license expression.</param>
/// <param name="Sha256">--sha256: the digest CodeArtifact would have recorded; null compares nothing.</param>
/// <param name="PolicyPath">--policy; null finds ./governance.yaml, else the built-in default.</param>
/// <param name="IntelUrl">--intel: an OSV-compatible API's base URL; null stays offline.</param>
/// <param name="Json">--json: the verdict (or error) as one JSON document on stdout.</param>
public sealed record CheckRequest(
    string File,
    string Format,
    IReadOnlyList<string> Licenses,
    string? Namespace = null,
    string? Name = null,
    string? Version = null,
    string? Sha256 = null,
    string? PolicyPath = null,
    string? IntelUrl = null,
    bool Json = false);
