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

    [Fact]
    public void Matches_WhenAnOperatorIsUnknown_ShouldRefuseRatherThanGuess()
    {
        Assert.Throws<NotSupportedException>(() => Match("""{"a":[{"wildcard":"*.jar"}]}""", """{"a":"x.jar"}"""));
    }
}
