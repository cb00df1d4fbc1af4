using CsCheck;
using Governance.Core.Messages;

namespace Governance.Core.Tests.Messages;

public class UntrustedTextTests
{
    [Fact]
    public void Bound_WhenWithinTheCap_ShouldReturnTheTextUnchanged()
    {
        Assert.Equal("MIT OR Apache-2.0", UntrustedText.Bound("MIT OR Apache-2.0", 64));
        Assert.Equal("line\r\nbreak", UntrustedText.Bound("line\r\nbreak", 64));
    }

    [Fact]
    public void Bound_WhenLonger_ShouldEndWithAMarkerCountingTheCharactersRemoved()
    {
        var bounded = UntrustedText.Bound(new string('L', 36_000), 512);

        Assert.Equal(512, bounded.Length);
        Assert.Equal(new string('L', 475) + "… (truncated, 35,525 more characters)", bounded);
    }

    [Fact]
    public void Marker_WhenOneCharacterIsRemoved_ShouldSayCharacter()
    {
        Assert.Equal("… (truncated, 1 more character)", UntrustedText.Marker(1));
        Assert.Equal("… (truncated, 1,234 more characters)", UntrustedText.Marker(1_234));
    }

    [Fact]
    public void Bound_WhenCutAgain_ShouldKeepCountingFromTheFirstCut()
    {
        var first = UntrustedText.Bound(new string('a', 10_000), 1_000);
        var second = UntrustedText.SingleLine(first, 200);

        var kept = second[..second.IndexOf('…', StringComparison.Ordinal)].Length;
        Assert.EndsWith($"… (truncated, {10_000 - kept:N0} more characters)", second, StringComparison.Ordinal);
        Assert.True(second.Length <= 200);
    }

    [Fact]
    public void Bound_WhenTheCutFallsInsideASurrogatePair_ShouldKeepOrDropThePairWhole()
    {
        // "😀" is two UTF-16 code units; at every cap, the kept text must not end with half of it.
        var text = string.Concat(Enumerable.Repeat("a😀", 100));
        for (var cap = 64; cap < 120; cap++)
        {
            var bounded = UntrustedText.Bound(text, cap);
            Assert.True(bounded.Length <= cap);
            AssertWellFormed(bounded);
        }
        Assert.Equal("a…", UntrustedText.Truncate("a😀b", 3));
    }

    [Fact]
    public void Bound_WhenTheCapIsSmall_ShouldUseABareEllipsis()
    {
        Assert.Equal("abcdefghi…", UntrustedText.Bound("abcdefghijklmnop", 10));
    }

    [Fact]
    public void Bound_WhenTextHasLoneSurrogates_ShouldReplaceThem()
    {
        Assert.Equal("a\uFFFDb\uFFFD", UntrustedText.Bound("a\uD800b\uDC00", 64));
        Assert.Equal("a\uFFFDb", UntrustedText.SingleLine("a\uDFFF\u0007b", 64));
    }

    [Fact]
    public void SingleLine_WhenLong_ShouldStripControlsAndShowTheMarker()
    {
        var line = UntrustedText.SingleLine("evil\r\n" + new string('x', 1_000), 200);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("evilxxx", line, StringComparison.Ordinal);
        Assert.Contains("(truncated, ", line, StringComparison.Ordinal);
        Assert.True(line.Length <= 200);
    }

    [Fact]
    public void Bound_WhenTextAndCapAreArbitrary_ShouldStayWithinTheCapKeepAPrefixAndNeverSplitAPair()
    {
        var text = Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["a😀é\"\\<\uD800\uDC00"], 0, 3_000],
            Gen.Int[0, 50_000].Select(n => new string('x', n)));
        Gen.Select(text, Gen.Int[1, 5_000]).Sample((t, cap) =>
        {
            var bounded = UntrustedText.Bound(t, cap);
            Assert.True(bounded.Length <= cap, $"{bounded.Length} > {cap}");
            AssertWellFormed(bounded);
            var kept = bounded.Length == t.Length ? bounded : bounded[..bounded.LastIndexOf('…')];
            var repaired = UntrustedText.Bound(t, int.MaxValue);
            Assert.StartsWith(kept, repaired, StringComparison.Ordinal);
            Assert.Equal(bounded, UntrustedText.Bound(bounded, cap));
        }, iter: 1_000);
    }

    private static void AssertWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                Assert.True(i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]), $"lone high surrogate at {i}");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(text[i]), $"lone low surrogate at {i}");
            }
        }
    }
}
