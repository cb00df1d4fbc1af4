using System.Runtime.CompilerServices;
using System.IO.Compression;
using System.Text.Json;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Identifies a license text by comparing it with every SPDX license text (the embedded SPDX License List 3.28.0
/// texts).
/// </summary>
/// <remarks>
/// <para>
/// The measure: both texts are normalised (<see cref="LicenseTextNormalizer"/>), cut into overlapping word 3-grams
/// (shingles, hashed to 64 bits), and scored with the Dice/Sørensen coefficient of the two shingle sets,
/// 2|A∩B| / (|A|+|B|). Shingles rather than single words because license families share a vocabulary and differ by
/// clauses: a missing or added sentence changes every shingle that spans it. Dice rather than containment because
/// containment cannot tell a text from its subset: MIT contains nearly all of MIT-0, BSD-3-Clause all of
/// BSD-2-Clause, so "how much of B is in A" would call an MIT file MIT-0. Dice penalises both the missing and the
/// extra clause, so the exact family member always scores highest, and a text with material appended (a LICENSE
/// file that also carries third-party notices) falls below the threshold instead of being misnamed.
/// </para>
/// <para>
/// Efficiency: an inverted index from shingle hash to the licenses holding it (sorted arrays, binary search), so a
/// candidate costs one lookup per distinct shingle plus the length of those postings, not a comparison with each of
/// the 700-odd texts. Built once, lazily, on first use: the gzipped texts (0.9 MB embedded, 5 MB of text) are
/// decompressed, normalised and indexed in a few hundred milliseconds (hot loops are compiled optimised at once,
/// so a cold process does not run them as unoptimised tier-0 code), and the index keeps a few MB.
/// </para>
/// <para>
/// Identical texts: several ids share one text (GPL-2.0-only and GPL-2.0-or-later, the deprecated GPL-2.0, the GFDL
/// variants, MPL-2.0 and MPL-2.0-no-copyleft-exception). The "or later" grant and the exceptions are notices next to
/// the text, not part of it, so the text alone supports only the narrowest reading: the matcher reports the
/// non-deprecated id, shortest first (GPL-2.0-only, MPL-2.0), and lists the others in
/// <see cref="LicenseTextMatch.SameTextIds"/> so a message can say the text cannot tell them apart.
/// </para>
/// </remarks>
public sealed class LicenseTextMatcher
{
    /// <summary>The default score a text needs to count as the license: 0.9 Dice.</summary>
    public const double DefaultThreshold = 0.9;

    private const int ShingleSize = 3;
    private const string ResourceName = "Governance.Core.Licenses.spdx-license-texts.json.gz";

    private static readonly Lazy<LicenseIndex> EmbeddedIndex = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<LicenseIndex> _index;

    /// <summary>A matcher over the embedded SPDX texts; the texts are loaded on the first match, once per process.</summary>
    public LicenseTextMatcher(double threshold = DefaultThreshold)
        : this(EmbeddedIndex, threshold)
    {
    }

    private LicenseTextMatcher(Lazy<LicenseIndex> index, double threshold)
    {
        if (threshold is <= 0 or > 1 || double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold is a score in (0, 1]");
        }
        _index = index;
        Threshold = threshold;
    }

    public static LicenseTextMatcher Default { get; } = new();

    /// <summary>The score at and above which a text is reported as the license.</summary>
    public double Threshold { get; }

    /// <summary>How many SPDX licenses the index holds (loads it).</summary>
    public int TextCount => _index.Value.Ids.Distinct().Count();

    /// <summary>A matcher over the given texts (tests, or a newer list).</summary>
    public static LicenseTextMatcher FromTexts(IReadOnlyDictionary<string, string> texts, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return new LicenseTextMatcher(new Lazy<LicenseIndex>(() => LicenseIndex.Build(texts)), threshold);
    }

    /// <summary>Scores <paramref name="text"/> against every SPDX text and returns the best.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LicenseTextMatch Match(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = _index.Value;
        var words = LicenseTextNormalizer.Words(text);
        var shingles = Shingles(words);
        if (shingles.Count == 0)
        {
            return new LicenseTextMatch(null, null, 0, []);
        }
        var shared = new int[index.Ids.Length];
        foreach (var shingle in shingles)
        {
            var at = Array.BinarySearch(index.Keys, shingle);
            if (at < 0)
            {
                continue;
            }
            for (var p = index.Starts[at]; p < index.Starts[at + 1]; p++)
            {
                shared[index.Postings[p]]++;
            }
        }
        var whole = BestOf(index, shared, shingles.Count);
        if (whole.Score < Threshold && MatchPrefix(index, shared, words) is { } prefix)
        {
            return prefix;
        }
        return whole;
    }

    /// <summary>
    /// A file that starts with a license text and goes on with more (the licenses of bundled components appended
    /// to an Apache LICENSE, common in jars) scores low as a whole. The largest SPDX text whose shingles the file
    /// contains almost entirely (≥ 95%) is scored again against the file's first words (as many as that text has,
    /// plus 10%); at or above the threshold it is the file's license, with the rest reported as trailing text.
    /// Only the first license is identified: which component each later text belongs to is not the file's to say.
    /// </summary>
    private LicenseTextMatch? MatchPrefix(LicenseIndex index, int[] shared, List<string> words)
    {
        const double Contained = 0.95;
        var contained = new List<int>();
        for (var i = 0; i < shared.Length; i++)
        {
            if (shared[i] >= Contained * index.Sizes[i] && index.Sizes[i] >= 20)
            {
                contained.Add(i);
            }
        }
        // Largest first: MIT contains nearly all of MIT-0, so the larger contained text is the one to try first.
        foreach (var length in contained
            .Select(i => Math.Min(words.Count, (int)(index.WordCounts[i] * 1.1) + 2))
            .Where(length => length < words.Count)
            .Distinct()
            .OrderByDescending(length => length)
            .Take(4))
        {
            var prefix = Shingles(words.GetRange(0, length));
            var prefixShared = new int[index.Ids.Length];
            foreach (var shingle in prefix)
            {
                var at = Array.BinarySearch(index.Keys, shingle);
                if (at < 0)
                {
                    continue;
                }
                for (var p = index.Starts[at]; p < index.Starts[at + 1]; p++)
                {
                    prefixShared[index.Postings[p]]++;
                }
            }
            var best = BestOf(index, prefixShared, prefix.Count);
            if (best.Id is not null)
            {
                return best with { TrailingWords = words.Count - length };
            }
        }
        return null;
    }

    private LicenseTextMatch BestOf(LicenseIndex index, int[] shared, int count)
    {
        var best = -1;
        var bestScore = 0.0;
        var scores = new double[shared.Length];
        for (var i = 0; i < shared.Length; i++)
        {
            scores[i] = 2.0 * shared[i] / (count + index.Sizes[i]);
            // Strictly greater: the ids are in preference order, so a tie keeps the preferred one.
            if (scores[i] > bestScore)
            {
                bestScore = scores[i];
                best = i;
            }
        }
        if (best < 0)
        {
            return new LicenseTextMatch(null, null, 0, []);
        }
        var bestId = index.Ids[best];
        var same = new List<string>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (index.TextGroup[i] == index.TextGroup[best] && index.Ids[i] != bestId && !same.Contains(index.Ids[i]))
            {
                same.Add(index.Ids[i]);
            }
        }
        return new LicenseTextMatch(bestScore >= Threshold ? bestId : null, bestId, bestScore, same);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static HashSet<ulong> Shingles(List<string> words)
    {
        var set = new HashSet<ulong>();
        if (words.Count == 0)
        {
            return set;
        }
        var hashes = new ulong[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            hashes[i] = WordHash(words[i]);
        }
        if (hashes.Length < ShingleSize)
        {
            ulong h = 0;
            foreach (var w in hashes)
            {
                h = Mix(h * 0x9E3779B97F4A7C15UL + w);
            }
            set.Add(h);
            return set;
        }
        for (var i = 0; i + ShingleSize <= hashes.Length; i++)
        {
            var h = hashes[i];
            for (var k = 1; k < ShingleSize; k++)
            {
                h = h * 0x9E3779B97F4A7C15UL + hashes[i + k];
            }
            set.Add(Mix(h));
        }
        return set;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong WordHash(string word)
    {
        // FNV-1a over the UTF-16 code units, then a final mix.
        var h = 0xCBF29CE484222325UL;
        foreach (var c in word)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }
        return Mix(h);
    }

    private static ulong Mix(ulong x)
    {
        // SplitMix64's finaliser: spreads the bits so shingle hashes are uniform.
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return x;
    }

    private static LicenseIndex LoadEmbedded()
    {
        using var compressed = typeof(LicenseTextMatcher).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The embedded SPDX license texts are missing from Governance.Core.");
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return LicenseIndex.Build(ReadTexts(json.GetBuffer().AsSpan(0, (int)json.Length)));
    }

    /// <summary>Reads <c>{"source": "…", "texts": {"id": "text", …}}</c> with a forward-only reader (no reflection, AOT-safe).</summary>
    internal static Dictionary<string, string> ReadTexts(ReadOnlySpan<byte> json)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("The embedded SPDX license texts are malformed: the document is not an object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("texts"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidOperationException("The embedded SPDX license texts are malformed: \"texts\" is not an object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var id = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    texts[id] = reader.GetString()!;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        return texts;
    }

    private sealed class LicenseIndex
    {
        public required string[] Ids { get; init; }
        public required int[] Sizes { get; init; }
        public required int[] WordCounts { get; init; }
        public required int[] TextGroup { get; init; }
        public required ulong[] Keys { get; init; }
        public required int[] Starts { get; init; }
        public required ushort[] Postings { get; init; }

        private const string EndOfTerms = "END OF TERMS AND CONDITIONS";

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static LicenseIndex Build(IReadOnlyDictionary<string, string> texts)
        {
            if (texts.Count > ushort.MaxValue)
            {
                throw new ArgumentException("too many license texts for the index", nameof(texts));
            }
            var list = SpdxLicenseList.Default;
            // Preference order decides ties between identical texts: listed and not deprecated, then the shortest id.
            var ids = texts.Keys
                .OrderBy(id => list.TryGetLicense(id, out var info) && !info.Deprecated ? 0 : 1)
                .ThenBy(id => id.Length)
                .ThenBy(id => id, StringComparer.Ordinal)
                .ToArray();
            // Each text, and for texts with an optional end matter (the Apache appendix, the GPL's "How to Apply
            // These Terms"), also the text up to "END OF TERMS AND CONDITIONS": many LICENSE files stop there, and
            // the SPDX guidelines treat what follows as optional. A form is scored like a text; its id is the text's.
            var forms = new List<(string Id, string Text)>(ids.Length + 64);
            foreach (var id in ids)
            {
                var text = texts[id];
                forms.Add((id, text));
                var end = text.IndexOf(EndOfTerms, StringComparison.OrdinalIgnoreCase);
                if (end > 0 && text.Length - (end + EndOfTerms.Length) > 200)
                {
                    forms.Add((id, text[..(end + EndOfTerms.Length)]));
                }
            }
            ids = [.. forms.Select(f => f.Id)];
            var sizes = new int[ids.Length];
            var wordCounts = new int[ids.Length];
            var groups = new int[ids.Length];
            var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var sets = new ulong[ids.Length][];
            long total = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                var words = LicenseTextNormalizer.Words(forms[i].Text);
                wordCounts[i] = words.Count;
                var key = string.Join(' ', words);
                if (!groupOf.TryGetValue(key, out var group))
                {
                    group = groupOf.Count;
                    groupOf[key] = group;
                }
                groups[i] = group;
                sets[i] = [.. Shingles(words)];
                sizes[i] = sets[i].Length;
                total += sizes[i];
            }
            var keys = new ulong[total];
            var postings = new ushort[total];
            var at = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                sets[i].CopyTo(keys, at);
                postings.AsSpan(at, sets[i].Length).Fill((ushort)i);
                at += sets[i].Length;
            }
            Array.Sort(keys, postings);
            var distinct = new List<ulong>(keys.Length / 2);
            var starts = new List<int>(keys.Length / 2);
            for (var p = 0; p < keys.Length; p++)
            {
                if (p == 0 || keys[p] != keys[p - 1])
                {
                    distinct.Add(keys[p]);
                    starts.Add(p);
                }
            }
            starts.Add(keys.Length);
            return new LicenseIndex
            {
                Ids = ids,
                Sizes = sizes,
                WordCounts = wordCounts,
                TextGroup = groups,
                Keys = [.. distinct],
                Starts = [.. starts],
                Postings = postings,
            };
        }
    }
}

/// <summary>The best SPDX text for a candidate.</summary>
/// <param name="Id">The SPDX id when the score reached the threshold; null otherwise.</param>
/// <param name="BestId">The closest SPDX text whatever its score (null only for a text with no words).</param>
/// <param name="Score">Dice coefficient of the word 3-gram sets, 0–1.</param>
/// <param name="SameTextIds">Other ids whose text is identical to the best one's (GPL-2.0-or-later for GPL-2.0-only).</param>
public sealed record LicenseTextMatch(string? Id, string? BestId, double Score, IReadOnlyList<string> SameTextIds)
{
    public bool IsMatch => Id is not null;

    /// <summary>When the license is the start of a longer text: how many normalised words follow it (0 otherwise).</summary>
    public int TrailingWords { get; init; }
}
