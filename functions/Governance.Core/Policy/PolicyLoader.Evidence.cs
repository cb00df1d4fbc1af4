using System.Globalization;
using Governance.Core.Evidence;
using Governance.Core.Integrity;
using YamlDotNet.RepresentationModel;

namespace Governance.Core.Policy;

/// <summary>
/// The readers of the sections about evidence gathered beyond CodeArtifact's record: <c>intel</c>,
/// <c>integrity</c> (with <c>publicRegistry</c>) and <c>licenses.discovery</c>. Same rules as the rest of the
/// loader: a key left out takes the default policy's value, a bad value is an error at its line and column naming
/// what is accepted there.
/// </summary>
public static partial class PolicyLoader
{
    private sealed partial class PolicyReader
    {
        private const string Actions = "quarantine, warn";

        private IntelPolicy? ReadIntel(YamlMappingNode node, string path, IntelPolicy? fallback)
        {
            var entries = r.Entries(node, path, ["vulnerabilities", "unreachable"]);
            var vulnerabilities = Subsection(entries, path, "vulnerabilities", fallback?.Vulnerabilities, ReadVulnerabilities);
            var unreachable = Subsection(entries, path, "unreachable", fallback?.Unreachable, ReadIntelUnreachable);
            return vulnerabilities is null || unreachable is null ? null : new IntelPolicy(vulnerabilities, unreachable);
        }

        private VulnerabilityPolicy? ReadVulnerabilities(YamlMappingNode node, string path, VulnerabilityPolicy? fallback)
        {
            var entries = r.Entries(node, path, ["minimumSeverity", "action"]);
            var severity = Enum<AdvisorySeverity>(entries.GetValueOrDefault("minimumSeverity"), YamlPolicyReader.Join(path, "minimumSeverity"),
                fallback?.MinimumSeverity, PolicyNames.TryParseSeverity, string.Join(", ", PolicyNames.Severities.Select(PolicyNames.SeverityName)));
            var action = Action(entries, path, "action", fallback?.Action);
            return severity is null || action is null ? null : new VulnerabilityPolicy(severity.Value, action.Value);
        }

        private IntelUnreachablePolicy? ReadIntelUnreachable(YamlMappingNode node, string path, IntelUnreachablePolicy? fallback)
        {
            var entries = r.Entries(node, path, ["external", "internal"]);
            var external = Action(entries, path, "external", fallback?.External);
            var @internal = Action(entries, path, "internal", fallback?.Internal);
            return external is null || @internal is null ? null : new IntelUnreachablePolicy(external.Value, @internal.Value);
        }

        private IntegrityPolicy? ReadIntegrity(YamlMappingNode node, string path, IntegrityPolicy? fallback)
        {
            var entries = r.Entries(node, path, ["requiredHashes", "publicRegistry"]);
            var hashesKey = YamlPolicyReader.Join(path, "requiredHashes");
            IReadOnlyList<HashKind>? hashes;
            if (entries.TryGetValue("requiredHashes", out var list))
            {
                hashes = ReadHashes(list, hashesKey);
            }
            else
            {
                hashes = fallback?.RequiredHashes;
                if (hashes is null)
                {
                    r.Error(node, hashesKey, $"is required; allowed: {HashKindNames.AllowedNames}");
                }
            }
            var registry = Subsection(entries, path, "publicRegistry", fallback?.PublicRegistry, ReadPublicRegistry);
            return hashes is null || registry is null ? null : new IntegrityPolicy(hashes, registry);
        }

        private List<HashKind>? ReadHashes(YamlNode list, string key)
        {
            var values = r.ScalarList(list, key, "hash algorithm names");
            if (values is null)
            {
                return null;
            }
            var kinds = new List<HashKind>();
            foreach (var (value, itemNode) in values)
            {
                if (HashKindNames.TryParse(value, out var kind))
                {
                    kinds.Add(kind);
                }
                else
                {
                    r.Error(itemNode, key, $"'{value}' is not a hash algorithm; allowed: {HashKindNames.AllowedNames}");
                }
            }
            if (values.Count == 0)
            {
                r.Error(list, key, $"must name at least one algorithm; allowed: {HashKindNames.AllowedNames}");
                return null;
            }
            return kinds.Count == values.Count ? kinds.Distinct().ToList() : null;
        }

        private PublicRegistryPolicy? ReadPublicRegistry(YamlMappingNode node, string path, PublicRegistryPolicy? fallback)
        {
            var entries = r.Entries(node, path, ["unverified"]);
            var unverified = Action(entries, path, "unverified", fallback?.Unverified);
            return unverified is null ? null : new PublicRegistryPolicy(unverified.Value);
        }

        private LicenseDiscoveryPolicy? ReadDiscovery(YamlMappingNode node, string path, LicenseDiscoveryPolicy? fallback)
        {
            var entries = r.Entries(node, path, ["parentPom", "archive", "minimumScore"]);
            var parentPom = Boolean(entries, path, "parentPom", fallback?.ParentPom);
            var archive = Boolean(entries, path, "archive", fallback?.Archive);
            var score = Score(entries, path, "minimumScore", fallback?.MinimumScore);
            return parentPom is null || archive is null || score is null ? null : new LicenseDiscoveryPolicy(parentPom.Value, archive.Value, score.Value);
        }

        /// <summary>A nested mapping (<c>intel.vulnerabilities</c>); absent, it takes the fallback (or is required when there is none).</summary>
        private T? Subsection<T>(Dictionary<string, YamlNode> entries, string path, string key, T? fallback, Func<YamlMappingNode, string, T?, T?> read)
            where T : class
        {
            var fullKey = YamlPolicyReader.Join(path, key);
            if (!entries.TryGetValue(key, out var node))
            {
                if (fallback is null)
                {
                    r.Error((YamlNode?)null, fullKey, "is required");
                }
                return fallback;
            }
            return r.Mapping(node, fullKey) is { } mapping ? read(mapping, fullKey, fallback) : null;
        }

        private EvidenceAction? Action(Dictionary<string, YamlNode> entries, string path, string key, EvidenceAction? fallback) =>
            Enum(entries.GetValueOrDefault(key), YamlPolicyReader.Join(path, key), fallback, PolicyNames.TryParseEvidenceAction, Actions);

        private bool? Boolean(Dictionary<string, YamlNode> entries, string path, string key, bool? fallback) =>
            Enum(entries.GetValueOrDefault(key), YamlPolicyReader.Join(path, key), fallback, TryParseBoolean, "true, false");

        private static bool TryParseBoolean(string text, out bool value)
        {
            value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
            return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
        }

        private double? Score(Dictionary<string, YamlNode> entries, string path, string key, double? fallback)
        {
            const string expected = "a number from 0.5 to 1 (how closely a license text must match its SPDX text; 0.9 is a close match)";
            var fullKey = YamlPolicyReader.Join(path, key);
            if (!entries.TryGetValue(key, out var node))
            {
                if (fallback is null)
                {
                    r.Error((YamlNode?)null, fullKey, $"is required: {expected}");
                }
                return fallback;
            }
            var text = r.NonEmptyString(node, fullKey, expected);
            if (text is null)
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score)
                && score is >= LicenseDiscoveryPolicy.LowestScore and <= LicenseDiscoveryPolicy.HighestScore)
            {
                return score;
            }
            r.Error(node, fullKey, $"'{text}' is not {expected}");
            return null;
        }
    }
}
