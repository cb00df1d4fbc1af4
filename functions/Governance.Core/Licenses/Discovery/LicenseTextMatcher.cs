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
        var shingles = TextShingles.Of(words);
        if (shingles.Count == 0)
        {
            return new LicenseTextMatch(null, null, 0, []);
        }
        var shared = index.CountShared(shingles);
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
            var prefix = TextShingles.Of(words.GetRange(0, length));
            var prefixShared = index.CountShared(prefix);
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
