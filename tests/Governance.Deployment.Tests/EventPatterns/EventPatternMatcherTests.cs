using System.Text.Json.Nodes;

namespace Governance.Deployment.Tests.EventPatterns;

public class EventPatternMatcherTests
{
    private static bool Match(string pattern, string @event) =>
        EventPatternMatcher.Matches(JsonNode.Parse(pattern)!.AsObject(), JsonNode.Parse(@event));

    [Theory]
    [InlineData("""{"a":["x"]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":["x","y"]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":"X"}""", false)]
    [InlineData("""{"a":["x"]}""", """{"b":"x"}""", false)]
    [InlineData("""{"a":[5]}""", """{"a":5.0}""", true)]
    [InlineData("""{"a":[true]}""", """{"a":true}""", true)]
    [InlineData("""{"a":[true]}""", """{"a":"true"}""", false)]
    [InlineData("""{"a":[null]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[null]}""", """{}""", false)]
    [InlineData("""{"a":["x"]}""", """{"a":["w","x"]}""", true)]
    public void Matches_WhenValuesAreExact_ShouldCompareTypeAndValue(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Theory]
    [InlineData("""{"a":[{"prefix":"arn:aws:"}]}""", """{"a":"arn:aws:sqs"}""", true)]
    [InlineData("""{"a":[{"prefix":"arn:aws:"}]}""", """{"a":"arn:aws-cn:sqs"}""", false)]
    [InlineData("""{"a":[{"suffix":".jar"}]}""", """{"a":"lib.jar"}""", true)]
    [InlineData("""{"a":[{"equals-ignore-case":"maven"}]}""", """{"a":"Maven"}""", true)]
    public void Matches_WhenStringFiltersAreUsed_ShouldMatchTheirPart(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Theory]
    [InlineData("""{"a":[{"anything-but":["Deleted"]}]}""", """{"a":"Created"}""", true)]
    [InlineData("""{"a":[{"anything-but":["Deleted"]}]}""", """{"a":"Deleted"}""", false)]
    [InlineData("""{"a":[{"anything-but":"Deleted"}]}""", """{"a":"Deleted"}""", false)]
    [InlineData("""{"a":[{"anything-but":["Deleted"]}]}""", """{}""", false)]
    [InlineData("""{"a":[{"anything-but":{"prefix":"tmp-"}}]}""", """{"a":"tmp-1"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"prefix":"tmp-"}}]}""", """{"a":"prod"}""", true)]
    [InlineData("""{"a":[{"anything-but":[0]}]}""", """{"a":1}""", true)]
    public void Matches_WhenAnythingButIsUsed_ShouldExcludeOnlyTheListedValues(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Theory]
    [InlineData("""{"a":[{"exists":true}]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":[{"exists":true}]}""", """{}""", false)]
    [InlineData("""{"a":[{"exists":false}]}""", """{}""", true)]
    [InlineData("""{"a":[{"exists":false}]}""", """{"a":1}""", false)]
    public void Matches_WhenExistsIsUsed_ShouldTestPresence(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Theory]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{"n":1}""", true)]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{"n":0}""", false)]
    [InlineData("""{"n":[{"numeric":[">",0]}]}""", """{"n":"1"}""", false)]
    [InlineData("""{"n":[{"numeric":[">=",1,"<",10]}]}""", """{"n":9.5}""", true)]
    [InlineData("""{"n":[{"numeric":[">=",1,"<",10]}]}""", """{"n":10}""", false)]
    [InlineData("""{"n":[{"numeric":["=",3]}]}""", """{"n":3}""", true)]
    public void Matches_WhenNumericRangesAreUsed_ShouldCompareNumbersOnly(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Theory]
    [InlineData("""{"d":{"c":{"n":[1]}}}""", """{"d":{"c":{"n":1}}}""", true)]
    [InlineData("""{"d":{"c":{"n":[1]}}}""", """{"d":{"c":{"n":2}}}""", false)]
    [InlineData("""{"d":{"c":{"n":[1]}}}""", """{"d":{}}""", false)]
    [InlineData("""{"d":{"$or":[{"x":[1]},{"y":[1]}]}}""", """{"d":{"y":1}}""", true)]
    [InlineData("""{"d":{"$or":[{"x":[1]},{"y":[1]}]}}""", """{"d":{"x":0,"y":0}}""", false)]
    [InlineData("""{"$or":[{"c":{"x":[{"numeric":[">",0]}]}},{"c":{"m":[true]}}]}""", """{"c":{"x":0,"m":true}}""", true)]
    public void Matches_WhenPatternsNestOrAlternate_ShouldFollowTheStructure(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Theory]
    // The fields beside a $or apply to every branch.
    [InlineData("""{"a":[1],"$or":[{"b":[1]},{"c":[1]}]}""", """{"a":1,"c":1}""", true)]
    [InlineData("""{"a":[1],"$or":[{"b":[1]},{"c":[1]}]}""", """{"a":2,"c":1}""", false)]
    // A branch matches only when all its fields do.
    [InlineData("""{"$or":[{"b":[1],"c":[1]},{"d":[1]}]}""", """{"b":1,"c":2}""", false)]
    [InlineData("""{"$or":[{"b":[1],"c":[1]},{"d":[1]}]}""", """{"b":1,"c":1}""", true)]
    // A $or inside a branch forks that branch only.
    [InlineData("""{"$or":[{"s":["P"],"$or":[{"x":[1]},{"y":[1]}]},{"s":["Q"]}]}""", """{"s":"P","y":1}""", true)]
    [InlineData("""{"$or":[{"s":["P"],"$or":[{"x":[1]},{"y":[1]}]},{"s":["Q"]}]}""", """{"s":"P"}""", false)]
    [InlineData("""{"$or":[{"s":["P"],"$or":[{"x":[1]},{"y":[1]}]},{"s":["Q"]}]}""", """{"s":"Q"}""", true)]
    // The same path in two branches is two alternatives, not a path named twice.
    [InlineData("""{"d":{"$or":[{"s":["P"],"n":[1]},{"s":["Q"]}]}}""", """{"d":{"s":"Q","n":0}}""", true)]
    [InlineData("""{"d":{"$or":[{"s":["P"],"n":[1]},{"s":["Q"]}]}}""", """{"d":{"s":"P","n":0}}""", false)]
    // Paths through arrays of objects follow every element.
    [InlineData("""{"r":{"id":["b"]}}""", """{"r":[{"id":"a"},{"id":"b"}]}""", true)]
    [InlineData("""{"r":{"id":["c"]}}""", """{"r":[{"id":"a"},{"id":"b"}]}""", false)]
    // A missing object matches a nested pattern only through {"exists": false}.
    [InlineData("""{"d":{"x":[{"exists":false}]}}""", """{}""", true)]
    [InlineData("""{"d":[{"exists":true}]}""", """{"d":{"x":1}}""", false)]
    public void Matches_WhenOrBranchesAndNestingCombine_ShouldMatchAnyAlternativeAsEventBridgeExpandsThem(string pattern, string @event, bool expected)
    {
        Assert.Equal(expected, Match(pattern, @event));
    }

    [Fact]
    public void Compile_WhenOrsNest_ShouldExpandIntoOneAlternativePerPathThroughThem()
    {
        var alternatives = EventPatternMatcher.Compile(JsonNode.Parse(
            """{"a":[1],"d":{"$or":[{"s":["P"],"$or":[{"x":[1]},{"y":[1]}]},{"s":["Q"]}]}}""")!.AsObject());

        Assert.Equal(
            ["a d.s d.x", "a d.s d.y", "a d.s"],
            alternatives.Select(a => string.Join(' ', a.Keys.Order(StringComparer.Ordinal))));
    }

    [Theory]
    // Beside a $or and inside it, in either order.
    [InlineData("""{"d":{"s":["P"],"$or":[{"s":["Q"]},{"n":[1]}]}}""", "d.s")]
    [InlineData("""{"d":{"$or":[{"n":[1]},{"s":["Q"]}],"s":["P"]}}""", "d.s")]
    // Through a nested object named both outside and inside the $or.
    [InlineData("""{"d":{"s":["P"]},"$or":[{"d":{"s":["Q"]}},{"e":[1]}]}""", "d.s")]
    // Inside a branch and again inside that branch's own $or.
    [InlineData("""{"$or":[{"s":["P"],"$or":[{"s":["Q"]},{"x":[1]}]},{"y":[1]}]}""", "s")]
    public void Compile_WhenAPathIsNamedTwiceInOneAlternative_ShouldRefuseThePattern(string pattern, string path)
    {
        var error = Assert.Throws<FormatException>(() => Match(pattern, "{}"));

        Assert.Contains($"names {path} twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"$or":[{"a":[1]}]}""", "at least 2")]
    [InlineData("""{"$or":{"a":[1]}}""", "array of patterns")]
    [InlineData("""{"$or":[{"a":[1]},["b"]]}""", "items are patterns")]
    [InlineData("""{"d":{}}""", "Empty objects")]
    [InlineData("""{"a":[]}""", "Empty arrays")]
    [InlineData("""{"$or":[{"prefix":["x"]},{"a":[1]}]}""", "matcher name")]
    [InlineData("""{"a":"x"}""", "must be an array")]
    public void Compile_WhenEventBridgeWouldRefuseThePattern_ShouldRefuseIt(string pattern, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Match(pattern, "{}"));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_WhenAnOperatorIsUnknown_ShouldRefuseRatherThanGuess()
    {
        Assert.Throws<NotSupportedException>(() => Match("""{"a":[{"wildcard":"*.jar"}]}""", """{"a":"x.jar"}"""));
    }
}
