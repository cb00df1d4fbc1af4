using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using Governance.Core.Policy;

namespace Governance.Core.Tests.Properties;

/// <summary>
/// Issue 15, point 2: generated policy documents — deny entries with every range form,
/// waivers expiring at the edges of the calendar in any time zone, deep nesting, large files, arbitrary YAML. The
/// loader either accepts with the meaning the text states (checked against references written here) or refuses with
/// file:line and the accepted forms; never an exception, never a stack overflow, always in bounded time.
/// </summary>
public class PolicyDocumentProperties
{
    internal const string File = "policy.yaml";

    /// <summary>Loads, checks the time bound and that every error carries file:line; exceptions escape to fail the property.</summary>
    internal static PolicyLoadResult TimedLoad(string yaml)
    {
        var clock = Stopwatch.StartNew();
        var result = PolicyLoader.LoadFromText(yaml, File);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"loading {yaml.Length} characters took {clock.Elapsed}");
        Assert.True(result.Success != (result.Errors.Count > 0));
        foreach (var error in result.Errors)
        {
            Assert.Equal(File, error.File);
            Assert.True(error.Line >= 1, $"an error without a line: {error}");
            Assert.StartsWith($"{File}:{error.Line}:", error.ToString(), StringComparison.Ordinal);
        }
        return result;
    }

    // ---------------------------------------------------------------- version ranges in deny entries

    private static readonly string[] Refused =
        ["^1.0.0", "~1.2", "~1.2.0", "1.x", "1.2.*", "x", "1.0.0 - 2.0.0", "1.2 - 2", "[1.0,2.0)", "(1.0,]", ">=1,<2", "~=1.4", "!=1.0", "==1.0", ">= 1.0", "", "||", "1.0 ||", "^", "<>1", "1.0\u202e"];

    [Fact]
    public void Load_WhenADenyEntryHasAnyRangeForm_ShouldMeanWhatItSaysOrRefuseWithTheAcceptedForms()
    {
        var exact = Gen.Int[0, 3].Array[3].Select(p => string.Join('.', p));
        var comparators = Gen.Select(Gen.OneOf(">=", "<"), Gen.Int[0, 3].Array[3], Gen.Int[0, 3].Array[3])
            .Select((_, low, high) => $">={string.Join('.', low)} <{string.Join('.', high)}");
        var versions = Gen.Frequency((2, (IGen<string>)exact), (2, comparators), (1, Gen.Const("*")), (3, Gen.OneOf(Refused)));
        Gen.Select(versions, Gen.Int[0, 3].Array[3].Array[10]).Sample((range, probes) =>
        {
            var yaml = $"denyList:\n  - package: pkg:npm/left-pad\n    versions: \"{range}\"\n    reason: incident\n";

            var result = TimedLoad(yaml);

            if (Refused.Contains(range))
            {
                var error = Assert.Single(result.Errors);
                Assert.Equal(("denyList[0].versions", 3), (error.Key, error.Line));
                Assert.Contains("accepted: *", error.Message, StringComparison.Ordinal);
                return;
            }
            Assert.True(result.Success, string.Join("\n", result.Errors));
            var parsed = result.Policy.DenyList[0].Versions;
            foreach (var probe in probes)
            {
                var version = string.Join('.', probe);
                var expected = range == "*" || (range.StartsWith(">=", StringComparison.Ordinal)
                    ? Within(probe, range)
                    : version == range);
                Assert.True(expected == parsed.Contains(version), $"'{range}' {(expected ? "should" : "should not")} contain {version}");
            }
        }, iter: 3_000);
    }

    private static bool Within(int[] probe, string range)
    {
        var bounds = range.Split(' ');
        var low = bounds[0][2..].Split('.').Select(int.Parse).ToArray();
        var high = bounds[1][1..].Split('.').Select(int.Parse).ToArray();
        static long Key(int[] v) => (v[0] * 100L) + (v[1] * 10L) + v[2];
        return Key(probe) >= Key(low) && Key(probe) < Key(high);
    }

    // ---------------------------------------------------------------- waiver expiry dates

    private static readonly Gen<int> Year = Gen.Frequency((1, (IGen<int>)Gen.OneOf(0, 1, 2, 1970, 2024, 2025, 2100, 9998, 9999, 10000)), (1, Gen.Int[1, 9999]));
    private static readonly Gen<int> Month = Gen.Frequency((1, (IGen<int>)Gen.OneOf(0, 1, 2, 12, 13)), (3, Gen.Int[1, 12]));
    private static readonly Gen<int> Day = Gen.Frequency((1, (IGen<int>)Gen.OneOf(0, 1, 28, 29, 30, 31, 32)), (3, Gen.Int[1, 28]));
    private static readonly string[] Zones = ["", "Z", "+00:00", "+14:00", "-12:00", "+05:30", "-09:30", "+01:00", "-01:00"];

    [Fact]
    public void Load_WhenAWaiverExpiresAnywhereOnTheCalendarInAnyZone_ShouldEndAtThatInstantOrRefuseWithTheAcceptedForm()
    {
        var time = Gen.Select(Gen.Int[0, 23], Gen.Int[0, 59], Gen.Int[0, 59], Gen.OneOf(Zones));
        Gen.Select(Year, Month, Day, Gen.Frequency((1, (IGen<(int, int, int, string)?>)Gen.Const(((int, int, int, string)?)null)), (2, time.Select(t => ((int, int, int, string)?)t))), Gen.Bool)
            .Sample((y, m, d, at, quoted) =>
            {
                var text = $"{y:0000}-{m:00}-{d:00}" + (at is var (h, mi, s, zone) ? $"T{h:00}:{mi:00}:{s:00}{zone}" : "");
                var yaml = $"waivers:\n  - package: pkg:npm/left-pad\n    version: 1.0.0\n    rule: license.unknown\n    reason: r\n    expires: {(quoted ? $"\"{text}\"" : text)}\n";

                var result = TimedLoad(yaml);

                var expected = Expiry(y, m, d, at);
                if (expected is null)
                {
                    var error = Assert.Single(result.Errors);
                    Assert.Equal(("waivers[0].expires", 6), (error.Key, error.Line));
                    Assert.Contains("a date (2026-12-31", error.Message, StringComparison.Ordinal);
                }
                else
                {
                    Assert.True(result.Success, $"'{text}': {string.Join("\n", result.Errors)}");
                    Assert.Equal(expected.Value, result.Policy.Waivers[0].ExpiresAt);
                    // Kept in UTC, as every place that shows it says ("expires 2026-12-31 18:00 UTC").
                    Assert.Equal(TimeSpan.Zero, result.Policy.Waivers[0].ExpiresAt.Offset);
                }
            }, iter: 5_000);
    }

    // When a waiver written this way ends, by the rule docs/policy.md states: a date lasts through that day (UTC),
    // the calendar's last day to the end of representable time; a timestamp without a zone is UTC. Null: no such instant.
    private static DateTimeOffset? Expiry(int y, int m, int d, (int H, int Mi, int S, string Zone)? at)
    {
        if (y is < 1 or > 9999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return null;
        }
        var date = new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Unspecified);
        if (at is not var (h, mi, s, zone))
        {
            return date == DateTime.MaxValue.Date ? DateTimeOffset.MaxValue : new DateTimeOffset(date.AddDays(1), TimeSpan.Zero);
        }
        var offset = zone is "" or "Z" ? TimeSpan.Zero : TimeSpan.Parse(zone[1..], CultureInfo.InvariantCulture) * (zone[0] == '-' ? -1 : 1);
        var local = date.Add(new TimeSpan(h, mi, s));
        var utcTicks = local.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks
            ? null
            : new DateTimeOffset(new DateTime(utcTicks, DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    // ---------------------------------------------------------------- depth, size, arbitrary YAML

    [Fact]
    public void Load_WhenTheDocumentIsNestedDeepOrIsLarge_ShouldRefuseWithTheLimitAndNeverOverflow()
    {
        var depths = Gen.Frequency((3, (IGen<int>)Gen.Int[1, 200]), (1, Gen.Int[200, 5_000]));
        var flow = Gen.Select(depths, Gen.OneOf(("[", "]"), ("{a: ", "}"), ("[{b: ", "}]")))
            .Select((depth, pair) => (Depth: depth * (pair.Item1 == "[{b: " ? 2 : 1), Yaml: "scope: " + string.Concat(Enumerable.Repeat(pair.Item1, depth)) + "x" + string.Concat(Enumerable.Repeat(pair.Item2, depth)) + "\n"));
        var block = Gen.Int[1, 400].Select(depth => (Depth: depth, Yaml: "scope:\n" + string.Concat(Enumerable.Range(1, depth).Select(i => new string(' ', i * 2) + "-\n"))));
        Gen.Frequency((2, (IGen<(int Depth, string Yaml)>)flow), (1, block)).Sample(doc =>
        {
            var result = TimedLoad(doc.Yaml);

            Assert.False(result.Success);
            var tooDeep = doc.Depth + 1 > PolicyLoader.MaxNestingDepth;
            Assert.Equal(tooDeep, result.Errors.Any(e => e.Message.Contains("nests deeper than 64 levels", StringComparison.Ordinal)));
        }, iter: 150);

        Gen.Int[-2, 2].Sample(delta =>
        {
            var yaml = "mode: audit\n#";
            yaml += new string('x', PolicyLoader.MaxPolicyBytes - yaml.Length - 1 + delta) + "\n";
            var result = TimedLoad(yaml);
            Assert.Equal(Encoding.UTF8.GetByteCount(yaml) <= PolicyLoader.MaxPolicyBytes, result.Success);
            Assert.Equal(!result.Success, result.Errors.Any(e => e.Message.Contains("larger than 1 MiB", StringComparison.Ordinal)));
        }, iter: 10);
    }

    private static readonly string[] YamlTokens =
    [
        "mode", "denyList", "waivers", "scope", "licenses", "allow", "deny", "package", "versions", "expires", ":", ": ", "- ", "-", "[", "]", "{", "}",
        ",", "\n", "  ", "\t", "#", "&a ", "*a", "!!str ", "!!binary ", "!custom ", "'", "\"", "|", ">", "%YAML 1.2\n", "---\n", "...\n", "?", "\\u0000",
        "\0", "\u0085", "\u2028", "\ufeff", "\ud800", "9999-12-31", "0001-01-01", "pkg:npm/x", "^1.0.0", "~", "null", "<<: *a", "\r",
    ];

    [Fact]
    public void Load_WhenGivenArbitraryYaml_ShouldLoadOrRefuseWithLinesAndNeverThrow()
    {
        Gen.OneOf(YamlTokens).Array[0, 120].Select(string.Concat).Sample(yaml => { _ = TimedLoad(yaml); }, iter: 20_000);
    }

    // ---------------------------------------------------------------- cases these properties found (issue 15)

    [Fact]
    public void Load_WhenDenyVersionsIsEmpty_ShouldNameTheAcceptedForms()
    {
        var error = Assert.Single(TimedLoad("denyList:\n  - package: pkg:npm/left-pad\n    versions: \"\"\n    reason: incident\n").Errors);
        Assert.Equal(("denyList[0].versions", 3), (error.Key, error.Line));
        Assert.Contains("accepted: *", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Load_WhenThePolicyIsEmpty_ShouldPointAtLineOne(string yaml) =>
        Assert.Equal(1, Assert.Single(TimedLoad(yaml).Errors).Line);

    [Fact]
    public void Load_WhenTheTextIsLargerThanOneMebibyte_ShouldPointAtLineOne() =>
        Assert.Equal(1, Assert.Single(TimedLoad("mode: audit\n#" + new string('x', PolicyLoader.MaxPolicyBytes)).Errors).Line);

    [Fact]
    public void Load_WhenAWaiverExpiresAtATimestampWithAZone_ShouldKeepTheInstantInUtc()
    {
        var result = TimedLoad("waivers:\n  - package: pkg:npm/left-pad\n    version: 1.0.0\n    rule: license.unknown\n    reason: r\n    expires: 2026-12-31T18:00:00-05:00\n");

        var expires = Assert.Single(result.Policy!.Waivers).ExpiresAt;
        Assert.Equal(TimeSpan.Zero, expires.Offset);
        Assert.Equal("2026-12-31 23:00", expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }
}
