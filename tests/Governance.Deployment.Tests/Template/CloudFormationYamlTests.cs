namespace Governance.Deployment.Tests.Template;

public class CloudFormationYamlTests
{
    [Fact]
    public void Parse_WhenShortFormTagsAreUsed_ShouldGiveTheLongForm()
    {
        var document = CloudFormationYaml.Parse("""
            A: !Ref Param
            B: !GetAtt Queue.Arn
            C: !Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:topic
            D: !If [Cond, !Ref X, !Ref AWS::NoValue]
            E: !Not [!Equals [!Ref P, '']]
            """);

        Assert.Equal("Param", ((Dictionary<string, object?>)document.Root["A"]!)["Ref"]);
        Assert.Equal(new List<object?> { "Queue", "Arn" }, ((Dictionary<string, object?>)document.Root["B"]!)["Fn::GetAtt"]);
        Assert.StartsWith("arn:${AWS::Partition}", (string)((Dictionary<string, object?>)document.Root["C"]!)["Fn::Sub"]!, StringComparison.Ordinal);
        var branches = (List<object?>)((Dictionary<string, object?>)document.Root["D"]!)["Fn::If"]!;
        Assert.Equal("Cond", branches[0]);
        Assert.Equal("AWS::NoValue", ((Dictionary<string, object?>)branches[2]!)["Ref"]);
        var not = (List<object?>)((Dictionary<string, object?>)document.Root["E"]!)["Fn::Not"]!;
        Assert.True(((Dictionary<string, object?>)not[0]!).ContainsKey("Fn::Equals"));
    }

    [Fact]
    public void Parse_WhenScalarsArePlainOrQuoted_ShouldTypeOnlyThePlainOnes()
    {
        var document = CloudFormationYaml.Parse("""
            Number: 900
            QuotedNumber: '900'
            Flag: true
            QuotedFlag: 'true'
            Version: '2012-10-17'
            """);

        Assert.Equal(900L, document.Root["Number"]);
        Assert.Equal("900", document.Root["QuotedNumber"]);
        Assert.Equal(true, document.Root["Flag"]);
        Assert.Equal("true", document.Root["QuotedFlag"]);
        Assert.Equal("2012-10-17", document.Root["Version"]);
    }

    [Fact]
    public void Parse_WhenAnUnknownTagIsUsed_ShouldNameIt()
    {
        var error = Assert.Throws<FormatException>(() => CloudFormationYaml.Parse("A: !Reference X\n"));

        Assert.Contains("!Reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenAKeyIsDuplicated_ShouldFail()
    {
        var error = Assert.Throws<FormatException>(() => CloudFormationYaml.Parse("A: 1\nA: 2\n"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("uplicate key", error.Message, StringComparison.Ordinal);
    }
}
