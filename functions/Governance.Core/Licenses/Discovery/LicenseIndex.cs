using System.Runtime.CompilerServices;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// The inverted index behind <see cref="LicenseTextMatcher"/>: from shingle hash to the licenses holding it (sorted
/// arrays, binary search), with each text's shingle count, word count and identical-text group.
/// </summary>
internal sealed class LicenseIndex
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
            sets[i] = [.. TextShingles.Of(words)];
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

    /// <summary>For each text, how many of <paramref name="shingles"/> it holds: one lookup per shingle plus its postings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int[] CountShared(HashSet<ulong> shingles)
    {
        var shared = new int[Ids.Length];
        foreach (var shingle in shingles)
        {
            var at = Array.BinarySearch(Keys, shingle);
            if (at < 0)
            {
                continue;
            }
            for (var p = Starts[at]; p < Starts[at + 1]; p++)
            {
                shared[Postings[p]]++;
            }
        }
        return shared;
    }
}
