using System.Diagnostics;
using System.Text;
using Governance.Core.Licenses.Discovery;
using Xunit.Abstractions;

namespace Governance.Core.Tests.Licenses.Discovery;

public sealed class LicenseTextMatcherTests(ITestOutputHelper output)
{
    private static readonly string[] Common =
    [
        "MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD", "Unlicense", "MPL-2.0", "EPL-1.0",
        "EPL-2.0", "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only", "Zlib", "BSL-1.0",
        "CC0-1.0", "Apache-1.1", "Artistic-2.0", "CDDL-1.0", "PSF-2.0", "X11", "WTFPL", "BSD-4-Clause", "Python-2.0",
    ];

    private static readonly LicenseTextMatcher Matcher = LicenseTextMatcher.Default;

    [Fact]
    public void Loads_the_embedded_texts_once_and_reports_the_cost()
    {
        var count = new LicenseTextMatcher().TextCount;
        Assert.True(count > 700, $"only {count} texts");
        // The cost of a cold load, measured on a fresh index: decompress + parse, then normalise + index.
        var watch = Stopwatch.StartNew();
        using var stream = typeof(LicenseTextMatcher).Assembly.GetManifestResourceStream("Governance.Core.Licenses.spdx-license-texts.json.gz")!;
        using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var texts = LicenseTextMatcher.ReadTexts(memory.ToArray());
        var read = watch.ElapsedMilliseconds;
        var fresh = LicenseTextMatcher.FromTexts(texts);
        Assert.Equal(count, fresh.TextCount);
        output.WriteLine($"cold load: {read} ms to decompress and parse {texts.Count} texts, {watch.ElapsedMilliseconds - read} ms to index them");
        Assert.Equal("MIT", fresh.Match(texts["MIT"]).Id);
    }

    [Fact]
    public void Every_spdx_text_matches_itself_or_an_identical_text()
    {
        var failures = new List<string>();
        foreach (var (id, text) in Archives.SpdxTexts.Value)
        {
            var match = Matcher.Match(text);
            if (match.Id != id && !match.SameTextIds.Contains(id))
            {
                // A few SPDX texts are (nearly) identical after normalisation to another id: accept a perfect score.
                if (match.Score < 0.999)
                {
                    failures.Add($"{id} → {match.BestId} {match.Score:0.000}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Random_whitespace_case_wrapping_bullets_quotes_and_a_copyright_line_still_match()
    {
        var random = new Random(20261127);
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var id = Common[random.Next(Common.Length)];
            var perturbed = Perturb(Archives.Spdx(id), random);
            var match = Matcher.Match(perturbed);
            Assert.True(match.Id == id || match.SameTextIds.Contains(id),
                $"iteration {iteration}: {id} perturbed matched {match.BestId} at {match.Score:0.000}\n{perturbed[..Math.Min(600, perturbed.Length)]}");
            Assert.True(match.Score >= Matcher.Threshold, $"iteration {iteration}: {id} scored {match.Score:0.000}");
        }
    }

    [Fact]
    public void Random_english_like_text_never_matches()
    {
        var random = new Random(42);
        var vocabulary = Archives.Spdx("Apache-2.0").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Concat(Archives.Spdx("GPL-3.0-only").Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
            .Distinct().ToArray();
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var words = Enumerable.Range(0, random.Next(20, 3000)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            var match = Matcher.Match(string.Join(' ', words));
            Assert.False(match.IsMatch, $"iteration {iteration}: random words matched {match.Id} at {match.Score:0.000}");
            Assert.True(match.Score < 0.5, $"iteration {iteration}: random words scored {match.Score:0.000} against {match.BestId}");
        }
    }

    [Fact]
    public void Either_half_of_a_license_is_below_the_threshold()
    {
        var random = new Random(5);
        foreach (var id in Common)
        {
            var text = Archives.Spdx(id);
            var words = text.Split(' ');
            if (words.Length < 120)
            {
                continue;
            }
            var cut = words.Length / 2 + random.Next(-10, 10);
            foreach (var half in new[] { string.Join(' ', words[..cut]), string.Join(' ', words[cut..]) })
            {
                // Half a license is never that license. (It may be another one: the first half of Python-2.0 is
                // PSF-2.0, followed by the older licenses of the Python history.)
                var match = Matcher.Match(half);
                Assert.NotEqual(id, match.Id);
                Assert.False(match.IsMatch && match.TrailingWords == 0 && match.Id != "PSF-2.0", $"half of {id} matched {match.Id} at {match.Score:0.000}");
            }
        }
    }

    [Theory]
    [InlineData("MIT", "MIT-0")]
    [InlineData("MIT-0", "MIT")]
    [InlineData("BSD-2-Clause", "BSD-3-Clause")]
    [InlineData("BSD-3-Clause", "BSD-2-Clause")]
    [InlineData("BSD-3-Clause", "BSD-4-Clause")]
    [InlineData("GPL-2.0-only", "GPL-3.0-only")]
    [InlineData("GPL-3.0-only", "GPL-2.0-only")]
    [InlineData("LGPL-2.1-only", "LGPL-2.0-only")]
    [InlineData("Apache-2.0", "Apache-1.1")]
    [InlineData("EPL-1.0", "EPL-2.0")]
    public void Close_families_are_told_apart(string id, string sibling)
    {
        var random = new Random(id.Length * 31 + sibling.Length);
        for (var i = 0; i < 20; i++)
        {
            var match = Matcher.Match(Perturb(Archives.Spdx(id), random));
            Assert.Equal(id, match.Id);
            Assert.DoesNotContain(sibling, match.SameTextIds);
        }
    }

    [Fact]
    public void Apache_without_its_appendix_is_still_apache()
    {
        var full = Archives.Spdx("Apache-2.0");
        var body = full[..full.IndexOf("APPENDIX: How to apply", StringComparison.Ordinal)];
        var match = Matcher.Match(body);
        Assert.Equal("Apache-2.0", match.Id);
        Assert.True(match.Score >= 0.99, $"score {match.Score}");
        // Pixar's license is Apache 2.0 without the appendix and with a changed trademark clause: close, not the same.
        Assert.Equal("Apache-2.0", Matcher.Match(full).Id);
    }

    [Fact]
    public void A_license_followed_by_bundled_licenses_is_identified_with_the_trailing_text_counted()
    {
        var text = Archives.Spdx("Apache-2.0") + "\n\nAPACHE FOO SUBCOMPONENTS:\n\nThis product bundles bar, under the following license:\n\n"
            + Archives.Spdx("MIT") + "\n\nand baz:\n\n" + Archives.Spdx("BSD-3-Clause");
        var whole = new LicenseTextMatcher();
        var match = whole.Match(text);
        Assert.Equal("Apache-2.0", match.Id);
        Assert.True(match.TrailingWords > 150, $"trailing {match.TrailingWords}");

        // MIT then more: MIT, not MIT-0 (whose text MIT nearly contains).
        var mit = whole.Match(Archives.Spdx("MIT") + "\n\n" + Archives.Spdx("Zlib") + "\n" + Archives.Spdx("ISC"));
        Assert.Equal("MIT", mit.Id);

        // A license in the middle of other text is not the file's license.
        var middle = whole.Match("This distribution is made of several parts, each under its own terms which are listed at length below for the convenience of the reader and of the redistributor.\n" + Archives.Spdx("MIT"));
        Assert.Equal(0, middle.TrailingWords);
    }

    [Fact]
    public void Gpl_text_is_reported_as_only_and_names_the_or_later_it_cannot_rule_out()
    {
        var match = Matcher.Match(Archives.Spdx("GPL-2.0-or-later"));
        Assert.Equal("GPL-2.0-only", match.Id);
        Assert.Contains("GPL-2.0-or-later", match.SameTextIds);
        Assert.Contains("GPL-2.0", match.SameTextIds);
    }

    [Fact]
    public void A_stricter_threshold_reports_no_match_but_still_the_best_score()
    {
        var strict = new LicenseTextMatcher(0.995);
        var full = Archives.Spdx("Apache-2.0");
        // Every 40th word dropped: close to Apache-2.0, not close enough for 0.995, and no longer containing it.
        var thinned = string.Join(' ', full.Split(' ').Where((_, i) => i % 40 != 7));
        var match = strict.Match(thinned);
        Assert.Null(match.Id);
        Assert.Equal("Apache-2.0", match.BestId);
        Assert.InRange(match.Score, 0.9, 0.995);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LicenseTextMatcher(0));
    }

    [Fact]
    public void Empty_and_punctuation_only_texts_have_no_best_match()
    {
        Assert.Null(Matcher.Match("").BestId);
        Assert.Null(Matcher.Match("  ----- * * *  \n ====").BestId);
    }

    [Fact]
    public void Normalisation_drops_list_markers_but_keeps_words()
    {
        Assert.True(LicenseTextNormalizer.IsListMarker("1."));
        Assert.True(LicenseTextNormalizer.IsListMarker("(a)"));
        Assert.True(LicenseTextNormalizer.IsListMarker("2.1."));
        Assert.True(LicenseTextNormalizer.IsListMarker("iv."));
        Assert.True(LicenseTextNormalizer.IsListMarker("*"));
        Assert.False(LicenseTextNormalizer.IsListMarker("2.0"));
        Assert.False(LicenseTextNormalizer.IsListMarker("software."));
        Assert.Equal(["the", "license", "is", "granted", "and", "so"],
            LicenseTextNormalizer.Words("Copyright (c) 2020 Jane Doe\n  * The \"Licence\" is GRANTED & so"));
    }

    /// <summary>Re-wraps, re-cases, adds bullets, changes quotes, and inserts a copyright line with a holder's name.</summary>
    internal static string Perturb(string text, Random random)
    {
        var words = text.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var builder = new StringBuilder();
        builder.Append(random.Next(2) == 0 ? "" : $"Copyright (c) {random.Next(1990, 2030)} {RandomName(random)} and contributors\n\n");
        var width = random.Next(40, 120);
        var line = 0;
        foreach (var word in words)
        {
            var w = word;
            switch (random.Next(40))
            {
                case 0: w = w.ToUpperInvariant(); break;
                case 1: w = w.ToLowerInvariant(); break;
                case 2: w = w.Replace('"', '\''); break;
                case 3: w = w.Replace("\"", "“", StringComparison.Ordinal); break;
                default: break;
            }
            if (line + w.Length > width)
            {
                builder.Append(random.Next(8) == 0 ? "\n\n" : "\n");
                builder.Append(random.Next(6) switch { 0 => "  * ", 1 => "\t", 2 => " - ", _ => "" });
                line = 0;
            }
            builder.Append(w).Append(random.Next(10) == 0 ? "  " : " ");
            line += w.Length + 1;
        }
        if (random.Next(3) == 0)
        {
            builder.Append($"\n\nCopyright {random.Next(1990, 2030)} {RandomName(random)}\n");
        }
        return builder.ToString();
    }

    private static string RandomName(Random random)
    {
        string[] names = ["Acme Corp", "Jane Q. Hacker", "The Foo Project Authors", "Zyx Ltd.", "Ünïcødé GmbH"];
        return names[random.Next(names.Length)];
    }
}
