using System.Runtime.CompilerServices;

namespace Governance.Core.Licenses.Discovery;

/// <summary>Word 3-grams of a normalised text, each hashed to 64 bits: the units <see cref="LicenseTextMatcher"/> compares.</summary>
internal static class TextShingles
{
    private const int ShingleSize = 3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HashSet<ulong> Of(List<string> words)
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
}
