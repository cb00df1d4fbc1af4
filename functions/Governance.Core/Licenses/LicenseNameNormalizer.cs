using System.Collections.Frozen;
using System.Text;

namespace Governance.Core.Licenses;

/// <summary>
/// Turns a declared license (what CodeArtifact recorded from package.json, a POM, PyPI metadata or a nuspec) into an
/// SPDX expression. Valid SPDX text parses as is; common non-SPDX spellings ("Apache License, Version 2.0",
/// "The MIT License (MIT)", "BSD 3-Clause", "GNU General Public License v3 (GPLv3)") are mapped when they name one
/// license unambiguously; anything else is reported as unknown together with the text seen.
/// </summary>
public sealed class LicenseNameNormalizer
{
    // Spellings seen in the wild, keyed through the same canonicalisation as the input; the SPDX list's own full
    // names are added too (only those that stay unambiguous after canonicalisation).
    private static readonly (string Spelling, string Id)[] Aliases =
    [
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("Apache License Version 2.0", "Apache-2.0"),
        ("Apache 2.0", "Apache-2.0"),
        ("Apache 2", "Apache-2.0"),
        ("Apache-2", "Apache-2.0"),
        ("Apache License 2", "Apache-2.0"),
        ("ASL 2.0", "Apache-2.0"),
        ("The Apache Software License, Version 2.0", "Apache-2.0"),
        ("Apache Software License 2.0", "Apache-2.0"),
        ("MIT", "MIT"),
        ("The MIT License (MIT)", "MIT"),
        ("MIT License", "MIT"),
        ("Expat", "MIT"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("BSD-3", "BSD-3-Clause"),
        ("3-Clause BSD License", "BSD-3-Clause"),
        ("New BSD License", "BSD-3-Clause"),
        ("Modified BSD License", "BSD-3-Clause"),
        ("BSD 2-Clause", "BSD-2-Clause"),
        ("BSD-2", "BSD-2-Clause"),
        ("2-Clause BSD License", "BSD-2-Clause"),
        ("Simplified BSD License", "BSD-2-Clause"),
        ("FreeBSD License", "BSD-2-Clause"),
        ("ISC License (ISCL)", "ISC"),
        ("GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
        ("GNU General Public License v3", "GPL-3.0-only"),
        ("GPLv3", "GPL-3.0-only"),
        ("GPL v3", "GPL-3.0-only"),
        ("GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"),
        ("GPLv3+", "GPL-3.0-or-later"),
        ("GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
        ("GNU General Public License v2", "GPL-2.0-only"),
        ("GPLv2", "GPL-2.0-only"),
        ("GPL v2", "GPL-2.0-only"),
        ("GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"),
        ("GPLv2+", "GPL-2.0-or-later"),
        ("GNU Affero General Public License v3", "AGPL-3.0-only"),
        ("GNU Affero General Public License v3 or later (AGPLv3+)", "AGPL-3.0-or-later"),
        ("AGPLv3", "AGPL-3.0-only"),
        ("GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0-only"),
        ("GNU Lesser General Public License v2 (LGPLv2)", "LGPL-2.0-only"),
        ("LGPLv3", "LGPL-3.0-only"),
        ("LGPLv2.1", "LGPL-2.1-only"),
        ("Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
        ("MPL 2.0", "MPL-2.0"),
        ("Eclipse Public License 1.0", "EPL-1.0"),
        ("Eclipse Public License 2.0", "EPL-2.0"),
        ("EPL 2.0", "EPL-2.0"),
        ("CDDL 1.0", "CDDL-1.0"),
        ("Boost Software License 1.0", "BSL-1.0"),
        ("The Unlicense (Unlicense)", "Unlicense"),
        ("Python Software Foundation License", "PSF-2.0"),
        ("zlib/libpng", "Zlib"),
    ];

    // Words that carry no identity: "The MIT License" and "MIT" name the same license.
    private static readonly FrozenSet<string> NoiseWords =
        new[] { "the", "license", "licence", "licensed", "version", "under", "osi", "approved" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly SpdxExpressionParser _parser;
    private readonly SpdxLicenseList _list;
    private readonly FrozenDictionary<string, string> _byKey;

    public LicenseNameNormalizer(SpdxLicenseList list, SpdxExpressionParser parser)
    {
        _list = list;
        _parser = parser;
        _byKey = BuildTable(list);
    }

    public static LicenseNameNormalizer Default { get; } = new(SpdxLicenseList.Default, SpdxExpressionParser.Default);

    /// <summary>Normalises one declared license string.</summary>
    public LicenseNormalization Normalize(string? declared)
    {
        var text = declared?.Trim() ?? "";
        if (text.Length == 0)
        {
            return new LicenseNormalization(declared ?? "", null, "the declared license is empty");
        }
        // PyPI classifiers: "License :: OSI Approved :: MIT License" — the last segment names the license.
        var candidate = text.Contains("::", StringComparison.Ordinal) ? text[(text.LastIndexOf("::", StringComparison.Ordinal) + 2)..].Trim() : text;
        var parsed = _parser.Parse(candidate);
        if (parsed.Success)
        {
            var rewritten = RewriteUnlistedLeaves(parsed.Expression);
            if (rewritten.Licenses().All(l => l.IsListed || l.IsLicenseRef))
            {
                return new LicenseNormalization(text, rewritten, null);
            }
        }
        if (_byKey.TryGetValue(Canonicalize(candidate), out var id) && _parser.Parse(id) is { Success: true } aliased)
        {
            return new LicenseNormalization(text, aliased.Expression, null);
        }
        if (parsed.Success)
        {
            // Valid syntax with ids the SPDX list does not have: keep the tree so the evaluation can name them.
            return new LicenseNormalization(text, RewriteUnlistedLeaves(parsed.Expression), null);
        }
        return new LicenseNormalization(text, null, $"'{text}' is neither an SPDX expression nor a recognised license name");
    }

    /// <summary>Lower-cases, drops punctuation and noise words, turns "v3" into "3" and collapses repeats.</summary>
    internal static string Canonicalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '+' ? c : ' ');
        }
        var words = new List<string>();
        foreach (var raw in builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Length > 1 && raw[0] == 'v' && char.IsAsciiDigit(raw[1]) ? raw[1..] : raw;
            if (NoiseWords.Contains(word) || (words.Count > 0 && words[^1] == word))
            {
                continue;
            }
            words.Add(word);
        }
        // "The MIT License (MIT)" repeats the name at the end in parentheses.
        if (words.Count == 2 && words[0] == words[1])
        {
            words.RemoveAt(1);
        }
        return string.Join(' ', words);
    }

    private SpdxExpression RewriteUnlistedLeaves(SpdxExpression expression) => expression switch
    {
        SpdxLicenseReference leaf when !leaf.IsListed && !leaf.IsLicenseRef => RewriteLeaf(leaf),
        SpdxWith with when !with.License.IsListed && !with.License.IsLicenseRef
            => with with { License = RewriteLeaf(with.License) },
        SpdxAnd and => new SpdxAnd(RewriteUnlistedLeaves(and.Left), RewriteUnlistedLeaves(and.Right)),
        SpdxOr or => new SpdxOr(RewriteUnlistedLeaves(or.Left), RewriteUnlistedLeaves(or.Right)),
        _ => expression,
    };

    private SpdxLicenseReference RewriteLeaf(SpdxLicenseReference leaf)
    {
        if (_byKey.TryGetValue(Canonicalize(leaf.Id), out var id) && _list.TryGetLicense(id, out var info))
        {
            return new SpdxLicenseReference(info.Id, leaf.OrLater, IsListed: true);
        }
        return leaf;
    }

    private static FrozenDictionary<string, string> BuildTable(SpdxLicenseList list)
    {
        var fromNames = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var license in list.Licenses.Where(l => !l.Deprecated))
        {
            var key = Canonicalize(license.Name);
            // A key two licenses share names neither: drop it rather than guess.
            fromNames[key] = fromNames.TryGetValue(key, out var existing) && existing != license.Id ? null : license.Id;
        }
        var table = fromNames.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
        foreach (var (spelling, id) in Aliases)
        {
            table[Canonicalize(spelling)] = id;
        }
        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>A declared license and what it normalised to; <see cref="Expression"/> is null when it was not understood.</summary>
public sealed record LicenseNormalization(string Declared, SpdxExpression? Expression, string? Problem);
