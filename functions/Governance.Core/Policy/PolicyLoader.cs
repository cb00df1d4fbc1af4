using Governance.Core.Integrity;
using Governance.Core.Licenses;
using Governance.Core.Packages;
using Governance.Core.Review;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Governance.Core.Policy;

/// <summary>
/// Loads governance.yaml. Reads YamlDotNet's representation model (no reflection deserialisation) so every error
/// carries the line and column of the node it is about. Keys left out take the built-in default policy's value.
/// </summary>
public static partial class PolicyLoader
{
    internal static readonly string[] TopLevelKeys =
        ["version", "mode", "quarantineStatus", "scope", "intel", "integrity", "licenses", "denyList", "sizeLimits", "waivers", "cooldown"];

    /// <summary>Loads a policy file; a missing or unreadable file is an error, not an exception.</summary>
    public static PolicyLoadResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            if (new FileInfo(path).Length > MaxPolicyBytes)
            {
                return new PolicyLoadResult(null, [new PolicyError(path, 1, 1, "", TooLarge)]);
            }
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new PolicyLoadResult(null, [new PolicyError(path, 1, 1, "", $"cannot read the policy file: {ex.Message}")]);
        }
        return LoadFromText(text, path);
    }

    /// <summary>Loads a policy from text; <paramref name="sourceName"/> is used in errors and in the policy's SourceName.</summary>
    public static PolicyLoadResult LoadFromText(string text, string sourceName) =>
        LoadFromText(text, sourceName, DefaultPolicy.Policy);

    /// <param name="defaults">Values for omitted keys; null makes every key required (the default policy itself).</param>
    internal static PolicyLoadResult LoadFromText(string text, string sourceName, GovernancePolicy? defaults)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var reader = new YamlPolicyReader(sourceName);
        if (text.Length > MaxPolicyBytes || System.Text.Encoding.UTF8.GetByteCount(text) > MaxPolicyBytes)
        {
            return Fail(reader, new Mark(), "", TooLarge);
        }
        YamlMappingNode? root;
        var parser = new Parser(new StringReader(text));
        try
        {
            // Building the model recurses once per nesting level; measure the depth on the flat event stream first so
            // a hostile file (30,000 '[') is an error, not a stack overflow that no handler can catch.
            if (TooDeep(text) is { } deep)
            {
                return Fail(reader, deep, "", $"nests deeper than {MaxNestingDepth} levels of mappings and lists; a policy needs a handful");
            }
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0)
            {
                return Fail(reader, new Mark(), "", "the policy is empty; start from `governance policy explain` or the default governance.yaml");
            }
            if (stream.Documents.Count > 1)
            {
                return Fail(reader, stream.Documents[1].RootNode.Start, "", "the file holds more than one YAML document; keep one policy per file");
            }
            root = reader.Mapping(stream.Documents[0].RootNode, "(root)");
        }
        catch (YamlException ex)
        {
            return Fail(reader, ex.Start, "", $"is not valid YAML: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these (not a YamlException) on some malformed input, e.g. an unclosed flow sequence
            // at the end of the file, or a tab where indentation is expected; report the last position it reached.
            return Fail(reader, parser.Current?.End ?? new Mark(), "",
                "is not valid YAML here (check for an unclosed '[', '{' or quote, or a tab used for indentation)");
        }
        if (root is null)
        {
            return new PolicyLoadResult(null, reader.Errors);
        }
        var policy = new PolicyReader(reader, defaults, sourceName).Read(root);
        return reader.Errors.Count > 0 || policy is null
            ? new PolicyLoadResult(null, reader.Errors)
            : new PolicyLoadResult(policy with { Digest = PolicyDigest.Of(text) }, []);
    }

    /// <summary>The largest policy file accepted, in bytes (1 MiB; the default policy is a few KB).</summary>
    public const int MaxPolicyBytes = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists accepted (the schema needs 4).</summary>
    public const int MaxNestingDepth = 64;

    private const string TooLarge = "the policy file is larger than 1 MiB (1048576 bytes); a policy is a few KB, check that this is the right file";

    // The position of the first node nested deeper than MaxNestingDepth, or null. Syntax errors are left for the
    // model load to report.
    private static Mark? TooDeep(string text)
    {
        var scan = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (scan.MoveNext())
            {
                switch (scan.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        if (++depth > MaxNestingDepth)
                        {
                            return scan.Current.Start;
                        }
                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
        return null;
    }

    private static PolicyLoadResult Fail(YamlPolicyReader reader, Mark mark, string key, string message)
    {
        reader.Error(mark, key, message);
        return new PolicyLoadResult(null, reader.Errors);
    }

    /// <summary>The package URL types a policy may name: CodeArtifact's formats (ruby as purl's gem, or ruby).</summary>
    internal static readonly string KnownPurlTypes = string.Join(", ", PackageFormats.All.Select(f => f == PackageFormats.Ruby ? "gem (or ruby)" : f));

    /// <summary>Reads each section; a section that fails leaves its errors in the reader and the rest still runs.</summary>
    private sealed partial class PolicyReader(YamlPolicyReader r, GovernancePolicy? defaults, string sourceName)
    {
        public GovernancePolicy? Read(YamlMappingNode root)
        {
            var entries = r.Entries(root, "", TopLevelKeys);
            if (entries.TryGetValue("version", out var versionNode) && r.Scalar(versionNode, "version", "1") is { } version && version != "1")
            {
                r.Error(versionNode, "version", $"'{version}' is not a supported policy version; allowed: 1");
            }
            var mode = Enum(entries.GetValueOrDefault("mode"), "mode", defaults?.Mode, PolicyNames.TryParseMode, "enforce, audit");
            var quarantine = Enum<PackageVersionStatus>(
                entries.GetValueOrDefault("quarantineStatus"), "quarantineStatus", defaults?.QuarantineStatus, PolicyNames.TryParseQuarantineStatus, "Unlisted, Archived");
            var scope = Section(entries, "scope", defaults?.Scope, ReadScope);
            var intel = Section(entries, "intel", defaults?.Intel, ReadIntel);
            var integrity = Section(entries, "integrity", defaults?.Integrity, ReadIntegrity);
            var licenses = Section(entries, "licenses", defaults?.Licenses, ReadLicenses);
            var denyList = List(entries, "denyList", defaults?.DenyList, ReadDenyEntry);
            var sizeLimits = Section(entries, "sizeLimits", defaults?.SizeLimits, ReadSizeLimits);
            var waivers = List(entries, "waivers", defaults?.Waivers, ReadWaiver);
            var cooldown = Section(entries, "cooldown", defaults?.Cooldown ?? CooldownPolicy.None, ReadCooldown);
            if (cooldown is null || mode is null || quarantine is null || scope is null || intel is null || integrity is null || licenses is null
                || denyList is null || sizeLimits is null || waivers is null)
            {
                return null;
            }
            return new GovernancePolicy(mode.Value, quarantine.Value, scope, intel, integrity, licenses, denyList, sizeLimits, waivers, sourceName)
            {
                Cooldown = cooldown,
            };
        }

        private delegate bool TryParse<T>(string text, out T value);

        /// <summary>Reads an enumeration value; an absent node takes the fallback (or is an error when there is none).</summary>
        private T? Enum<T>(YamlNode? node, string key, T? fallback, TryParse<T> parse, string allowed)
            where T : struct
        {
            if (node is null)
            {
                return fallback ?? Missing<T>(key, allowed);
            }
            var text = r.Scalar(node, key, $"one of {allowed}");
            if (text is null)
            {
                return null;
            }
            if (parse(text.Trim(), out var value))
            {
                return value;
            }
            r.Error(node, key, $"'{text}' is not allowed; use one of {allowed}");
            return null;
        }

        private T? Missing<T>(string key, string allowed)
            where T : struct
        {
            r.Error((YamlNode?)null, key, $"is required ({allowed})");
            return null;
        }

        private T? Section<T>(Dictionary<string, YamlNode> entries, string key, T? fallback, Func<YamlMappingNode, string, T?, T?> read)
            where T : class
        {
            if (!entries.TryGetValue(key, out var node))
            {
                if (fallback is null)
                {
                    r.Error((YamlNode?)null, key, "is required");
                }
                return fallback;
            }
            return r.Mapping(node, key) is { } mapping ? read(mapping, key, fallback) : null;
        }

        private IReadOnlyList<T>? List<T>(Dictionary<string, YamlNode> entries, string key, IReadOnlyList<T>? fallback, Func<YamlMappingNode, string, T?> read)
            where T : class
        {
            if (!entries.TryGetValue(key, out var node))
            {
                if (fallback is null)
                {
                    r.Error((YamlNode?)null, key, "is required (use [] for none)");
                }
                return fallback;
            }
            if (r.Sequence(node, key, "entries") is not { } sequence)
            {
                return null;
            }
            var items = new List<T>();
            var ok = true;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                var itemKey = $"{key}[{i}]";
                var item = r.Mapping(sequence.Children[i], itemKey) is { } mapping ? read(mapping, itemKey) : null;
                if (item is null)
                {
                    ok = false;
                    continue;
                }
                items.Add(item);
            }
            return ok ? items : null;
        }

        private PolicyScope? ReadScope(YamlMappingNode node, string path, PolicyScope? fallback)
        {
            var entries = r.Entries(node, path, ["repositories", "formats"]);
            var repositories = Strings(entries, path, "repositories", fallback?.Repositories, "repository names (a trailing * matches a prefix)", _ => null);
            var formats = Strings(entries, path, "formats", fallback?.Formats, "package formats", value =>
                value.EndsWith('*') || PackageFormats.IsKnown(value) ? null : $"'{value}' is not a package format; allowed: {string.Join(", ", PackageFormats.All)}");
            return repositories is null || formats is null ? null : new PolicyScope(repositories, formats);
        }

        private LicensePolicy? ReadLicenses(YamlMappingNode node, string path, LicensePolicy? fallback)
        {
            var entries = r.Entries(node, path, ["allow", "deny", "allowedExceptions", "unknown", "missing", "formats", "discovery"]);
            var allow = Strings(entries, path, "allow", fallback?.Allow, "SPDX license ids", CanonicalLicense);
            var deny = Strings(entries, path, "deny", fallback?.Deny, "SPDX license ids", CanonicalLicense);
            var exceptions = Strings(entries, path, "allowedExceptions", fallback?.AllowedExceptions, "SPDX license exception ids", value =>
                value.EndsWith('*') || SpdxLicenseList.Default.CanonicalExceptionId(value) is not null ? null
                    : $"'{value}' is not an SPDX license exception id (for example LLVM-exception, Classpath-exception-2.0)");
            var unknown = Fallback(entries, path, "unknown", fallback?.Unknown);
            var missing = Fallback(entries, path, "missing", fallback?.Missing);
            var formats = fallback?.Formats ?? new Dictionary<string, LicenseFormatOverride>();
            if (entries.TryGetValue("formats", out var formatsNode))
            {
                formats = ReadFormatOverrides(formatsNode, YamlPolicyReader.Join(path, "formats"));
            }
            var discovery = Subsection(entries, path, "discovery", fallback?.Discovery, ReadDiscovery);
            if (allow is null || deny is null || exceptions is null || unknown is null || missing is null || formats is null || discovery is null)
            {
                return null;
            }
            return new LicensePolicy(Canonical(allow), Canonical(deny), exceptions, unknown.Value, missing.Value, formats, discovery);
        }

        // Allow/deny entries are compared with canonical ids, so a deprecated spelling (GPL-2.0) is stored as its
        // current form (GPL-2.0-only) rather than silently never matching.
        private static List<string> Canonical(IReadOnlyList<string> patterns) =>
            patterns.Select(p => p.EndsWith('*') || p.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase)
                ? p
                : SpdxExpressionParser.Default.Parse(p).Expression?.ToString() ?? p).ToList();

        private static string? CanonicalLicense(string value)
        {
            if (value.EndsWith('*') || value.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            var parsed = SpdxExpressionParser.Default.Parse(value);
            return parsed.Expression is SpdxLicenseReference { IsListed: true }
                ? null
                : $"'{value}' is not an SPDX license id; use an id from https://spdx.org/licenses/ (MIT, Apache-2.0, GPL-3.0-only), a LicenseRef-name, or a prefix ending with *";
        }

        private Dictionary<string, LicenseFormatOverride>? ReadFormatOverrides(YamlNode node, string path) =>
            PerFormat(node, path, StringComparer.OrdinalIgnoreCase, (overrides, formatPath) =>
            {
                var entries = r.Entries(overrides, formatPath, ["unknown", "missing"]);
                var unknown = entries.ContainsKey("unknown") ? Fallback(entries, formatPath, "unknown", null) : null;
                var missing = entries.ContainsKey("missing") ? Fallback(entries, formatPath, "missing", null) : null;
                return (!entries.ContainsKey("unknown") || unknown is not null) && (!entries.ContainsKey("missing") || missing is not null)
                    ? new LicenseFormatOverride(unknown, missing)
                    : null;
            });

        /// <summary>
        /// A mapping from package format to a per-format setting (<c>licenses.formats</c>, <c>cooldown.formats</c>):
        /// an unknown format is an error naming the formats; <paramref name="read"/> reads one format's mapping and
        /// returns null after reporting its errors.
        /// </summary>
        private Dictionary<string, T>? PerFormat<T>(YamlNode node, string path, StringComparer comparer, Func<YamlMappingNode, string, T?> read)
            where T : notnull
        {
            if (r.Mapping(node, path) is not { } mapping)
            {
                return null;
            }
            var result = new Dictionary<string, T>(comparer);
            var ok = true;
            foreach (var (keyNode, value) in mapping.Children)
            {
                var format = (keyNode as YamlScalarNode)?.Value ?? "";
                var formatPath = YamlPolicyReader.Join(path, format);
                if (!PackageFormats.IsKnown(format))
                {
                    r.Error(keyNode, formatPath, $"'{format}' is not a package format; allowed: {string.Join(", ", PackageFormats.All)}");
                    ok = false;
                    continue;
                }
                if (r.Mapping(value, formatPath) is { } settings && read(settings, formatPath) is { } setting)
                {
                    result[format] = setting;
                }
                else
                {
                    ok = false;
                }
            }
            return ok ? result : null;
        }

        private LicenseFallback? Fallback(Dictionary<string, YamlNode> entries, string path, string key, LicenseFallback? fallback) =>
            Enum(entries.GetValueOrDefault(key), YamlPolicyReader.Join(path, key), fallback, PolicyNames.TryParseFallback, "quarantine, allow");

        private DenyListEntry? ReadDenyEntry(YamlMappingNode node, string path)
        {
            var entries = r.Entries(node, path, ["package", "versions", "reason"]);
            var package = Package(entries, node, path);
            var reason = RequiredText(entries, node, path, "reason", "why the package is denied");
            VersionRange? range = null;
            if (entries.TryGetValue("versions", out var versionsNode))
            {
                var text = r.NonEmptyString(versionsNode, YamlPolicyReader.Join(path, "versions"), $"a version range ({VersionRange.Accepted})");
                if (text is not null && !VersionRange.TryParse(text, out range, out var error))
                {
                    r.Error(versionsNode, YamlPolicyReader.Join(path, "versions"), error);
                }
            }
            else
            {
                range = VersionRange.Any;
            }
            return package is null || reason is null || range is null ? null : new DenyListEntry(package, range, reason, YamlPolicyReader.LineOf(node));
        }

        private Waiver? ReadWaiver(YamlMappingNode node, string path)
        {
            var entries = r.Entries(node, path, ["package", "version", "rule", "reason", "expires"]);
            var package = Package(entries, node, path);
            var version = RequiredText(entries, node, path, "version", "the exact version the waiver covers");
            var reason = RequiredText(entries, node, path, "reason", "why the exception is granted");
            var rule = RequiredText(entries, node, path, "rule", $"a rule id; waivable: {string.Join(", ", RuleIds.Waivable)}");
            if (rule is not null && !RuleIds.Waivable.Any(id => Glob.Matches(rule, id)))
            {
                var message = RuleIds.All.Contains(rule)
                    ? $"'{rule}' cannot be waived ({RuleIds.WhyNotWaivable(rule)})"
                    : $"'{rule}' is not a rule id; waivable: {string.Join(", ", RuleIds.Waivable)} (a trailing * matches a family, e.g. license.*)";
                r.Error(entries["rule"], YamlPolicyReader.Join(path, "rule"), message);
                rule = null;
            }
            var expires = Expiry(entries, node, path);
            return package is null || version is null || reason is null || rule is null || expires is null
                ? null
                : new Waiver(package, version, rule, reason, expires.Value, YamlPolicyReader.LineOf(node));
        }

        private DateTimeOffset? Expiry(Dictionary<string, YamlNode> entries, YamlMappingNode node, string path)
        {
            const string expected = "a date (2026-12-31, the waiver lasts through that day, UTC) or a timestamp (2026-12-31T18:00:00Z)";
            var key = YamlPolicyReader.Join(path, "expires");
            if (!entries.TryGetValue("expires", out var expiresNode))
            {
                r.Error(node, key, $"is required: every waiver ends; use {expected}");
                return null;
            }
            var text = r.NonEmptyString(expiresNode, key, expected);
            if (text is null)
            {
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                // Through that day: the waiver ends at the next midnight UTC; the calendar's last day has none, so the
                // waiver lasts to the end of time that can be represented.
                return date == DateOnly.MaxValue
                    ? DateTimeOffset.MaxValue
                    : new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
            if (text.Contains('T', StringComparison.Ordinal)
                && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
            {
                // Kept in UTC: every place that shows the expiry labels it UTC.
                return time.ToUniversalTime();
            }
            r.Error(expiresNode, key, $"'{text}' is not {expected}");
            return null;
        }

        private PackageMatcher? Package(Dictionary<string, YamlNode> entries, YamlMappingNode node, string path)
        {
            const string expected = "a package URL without version, e.g. pkg:npm/%40acme/ui-kit, pkg:maven/org.example/lib, pkg:generic/ns/name";
            var key = YamlPolicyReader.Join(path, "package");
            var text = RequiredText(entries, node, path, "package", expected);
            if (text is null)
            {
                return null;
            }
            if (!PackageUrl.TryParse(text, out var parts, out var error))
            {
                r.Error(entries["package"], key, $"{error}; expected {expected}");
                return null;
            }
            if (!PackageFormats.IsKnown(parts.Format))
            {
                r.Error(entries["package"], key, $"'{text}' has the unknown package type '{text[4..].TrimStart('/').Split('/')[0]}'; known types: {KnownPurlTypes}");
                return null;
            }
            if (PackageUrlRules.Problem(text, parts) is { } problem)
            {
                r.Error(entries["package"], key, $"{problem}; it could never match a package, so it is refused");
                return null;
            }
            if (parts.Version is not null)
            {
                r.Error(entries["package"], key, $"'{text}' names a version; the package URL here has none (put versions in 'versions' or 'version')");
                return null;
            }
            return new PackageMatcher(parts.Format, parts.Namespace, parts.Name);
        }

        private string? RequiredText(Dictionary<string, YamlNode> entries, YamlMappingNode node, string path, string key, string expected)
        {
            var fullKey = YamlPolicyReader.Join(path, key);
            if (!entries.TryGetValue(key, out var value))
            {
                r.Error(node, fullKey, $"is required: {expected}");
                return null;
            }
            return r.NonEmptyString(value, fullKey, expected);
        }

        private SizeLimits? ReadSizeLimits(YamlMappingNode node, string path, SizeLimits? fallback)
        {
            var entries = r.Entries(node, path, ["maxAssetBytes", "maxVersionBytes"]);
            var errorsBefore = r.Errors.Count;
            var asset = entries.TryGetValue("maxAssetBytes", out var a) ? r.ByteSize(a, YamlPolicyReader.Join(path, "maxAssetBytes")) : fallback?.MaxAssetBytes;
            var version = entries.TryGetValue("maxVersionBytes", out var v) ? r.ByteSize(v, YamlPolicyReader.Join(path, "maxVersionBytes")) : fallback?.MaxVersionBytes;
            return r.Errors.Count > errorsBefore ? null : new SizeLimits(asset, version);
        }

        private List<string>? Strings(
            Dictionary<string, YamlNode> entries, string path, string key, IReadOnlyList<string>? fallback, string expected, Func<string, string?> validate)
        {
            var fullKey = YamlPolicyReader.Join(path, key);
            if (!entries.TryGetValue(key, out var node))
            {
                if (fallback is null)
                {
                    r.Error((YamlNode?)null, fullKey, $"is required: a list of {expected}");
                    return null;
                }
                return [.. fallback];
            }
            var values = r.ScalarList(node, fullKey, expected);
            if (values is null)
            {
                return null;
            }
            var ok = true;
            foreach (var (value, itemNode) in values)
            {
                if (validate(value) is { } problem)
                {
                    r.Error(itemNode, fullKey, problem);
                    ok = false;
                }
            }
            return ok ? values.Select(v => v.Value).ToList() : null;
        }
    }
}
