using Governance.Local.Sns;

namespace Governance.Local.Tests.Sns;

public sealed class SnsFilterPolicyTests
{
    private static SnsPublishedMessage Message(string body = "{}", params (string Name, string Type, string Value)[] attributes) =>
        new("id", "arn:aws:sns:eu-north-1:1:t", null, body, new Dictionary<string, string>(),
            attributes.ToDictionary(a => a.Name, a => new SnsAttributeValue(a.Type, a.Value, null)), false, DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("""{"verdict":["rejected"]}""", true)]
    [InlineData("""{"verdict":["approved","waived"]}""", false)]
    [InlineData("""{"verdict":[{"prefix":"rej"}]}""", true)]
    [InlineData("""{"verdict":[{"anything-but":["approved"]}]}""", true)]
    [InlineData("""{"verdict":[{"anything-but":"rejected"}]}""", false)]
    [InlineData("""{"severity":[{"numeric":[">=",3,"<",5]}]}""", true)]
    [InlineData("""{"severity":[{"numeric":[">",3]}]}""", false)]
    [InlineData("""{"licenses":["GPL-3.0-only"]}""", true)]
    [InlineData("""{"missing":[{"exists":false}]}""", true)]
    [InlineData("""{"missing":[{"exists":true}]}""", false)]
    [InlineData("""{"verdict":["rejected"],"format":["npm"]}""", false)]
    [InlineData("""{"$or":[{"format":["npm"]},{"severity":[3]}]}""", true)]
    [InlineData("""{"verdict":[{"equals-ignore-case":"REJECTED"}]}""", true)]
    public void Matches_WhenPolicyEvaluatesAttributes_ShouldFollowSnsMatchingRules(string policy, bool expected)
    {
        var message = Message("{}", ("verdict", "String", "rejected"), ("severity", "Number", "3"), ("licenses", "String.Array", "[\"MIT\",\"GPL-3.0-only\"]"));

        Assert.Equal(expected, SnsFilterPolicy.Parse(policy, null).Matches(message));
    }

    [Fact]
    public void Matches_WhenScopeIsMessageBody_ShouldMatchNestedBodyProperties()
    {
        var policy = SnsFilterPolicy.Parse("""{"package":{"format":["npm"]},"verdict":["rejected"]}""", "MessageBody");

        Assert.True(policy.Matches(Message("""{"package":{"format":"npm"},"verdict":"rejected"}""")));
        Assert.False(policy.Matches(Message("""{"package":{"format":"maven"},"verdict":"rejected"}""")));
        Assert.False(policy.Matches(Message("not json")));
    }

    [Theory]
    [InlineData("""["a"]""", "JSON object")]
    [InlineData("""{"a":"b"}""", "\"a\"")]
    [InlineData("""{"a":[{"regex":"x"}]}""", "regex")]
    [InlineData("""{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}""", "5 keys")]
    public void Parse_WhenPolicyIsInvalid_ShouldRaiseInvalidParameterNamingTheProblem(string policy, string expected)
    {
        var error = Assert.Throws<SnsException>(() => SnsFilterPolicy.Parse(policy, null));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
