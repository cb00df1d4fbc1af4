using System.Text.Json;
using System.Text.Json.Nodes;
using Governance.Core.Events;

namespace Governance.Core.Tests.Events;

public class SqsBatchParserTests
{
    private static string Batch(params (string Id, string Body)[] records) => new JsonObject
    {
        ["Records"] = new JsonArray(records.Select(r => (JsonNode)new JsonObject
        {
            ["messageId"] = r.Id,
            ["receiptHandle"] = "AQEB",
            ["body"] = r.Body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "3" },
            ["eventSource"] = "aws:sqs",
        }).ToArray()),
    }.ToJsonString();

    [Fact]
    public void Parse_WhenRecordsHoldEvents_ShouldParseEachWithItsMessageId()
    {
        var result = SqsBatchParser.Parse(Batch(("m-1", Fixtures.Event("npm-publish-created.json")), ("m-2", "{\"oops\":1}")));

        Assert.Null(result.Error);
        Assert.Equal(2, result.Records.Count);
        Assert.Equal("m-1", result.Records[0].MessageId);
        Assert.True(result.Records[0].Result.Success);
        Assert.Equal(3, result.Records[0].ApproximateReceiveCount);
        Assert.Equal("m-2", result.Records[1].MessageId);
        Assert.False(result.Records[1].Result.Success);
        Assert.Equal("$.Records[1].body:$.version", result.Records[1].Result.Error!.Field);
    }

    [Fact]
    public void Parse_WhenRecordHasNoBody_ShouldFailOnlyThatRecord()
    {
        var json = "{\"Records\":[{\"messageId\":\"m-1\"}]}";
        var record = Assert.Single(SqsBatchParser.Parse(json).Records);
        Assert.Equal("$.Records[0].body", record.Result.Error!.Field);
    }

    [Fact]
    public void Parse_WhenRecordsMissing_ShouldNameRecords()
    {
        var result = SqsBatchParser.Parse("{}");
        Assert.Equal("$.Records", result.Error!.Field);
    }

    [Fact]
    public void Parse_WhenMessageIdMissing_ShouldNameIt()
    {
        var result = SqsBatchParser.Parse("{\"Records\":[{\"body\":\"{}\"}]}");
        Assert.Equal("$.Records[0].messageId", result.Error!.Field);
    }
}

public class SnsEventParserTests
{
    [Fact]
    public void Parse_WhenLambdaSnsEvent_ShouldGiveMessageSubjectAndAttributes()
    {
        var json = """
        {"Records":[{"EventVersion":"1.0","EventSource":"aws:sns","Sns":{
          "MessageId":"95df01b4-ee98-5cb9-9903-4c221d41eb5e","TopicArn":"arn:aws:sns:us-east-2:123456789012:governance",
          "Subject":"PASS npm ui-kit","Message":"{\"outcome\":\"pass\"}","Timestamp":"2019-01-02T12:45:07.000Z",
          "MessageAttributes":{"verdict":{"Type":"String","Value":"pass"},"format":{"Type":"String","Value":"npm"}}}}]}
        """;
        var result = SnsEventParser.Parse(json);

        Assert.True(result.Success);
        var notification = Assert.Single(result.Notifications);
        Assert.Equal("PASS npm ui-kit", notification.Subject);
        Assert.Equal("{\"outcome\":\"pass\"}", notification.Message);
        Assert.Equal("pass", notification.MessageAttributes["verdict"]);
        Assert.Equal(new DateTimeOffset(2019, 1, 2, 12, 45, 7, TimeSpan.Zero), notification.Timestamp);
    }

    [Fact]
    public void Parse_WhenSubjectNull_ShouldGiveNullSubject()
    {
        var json = "{\"Records\":[{\"Sns\":{\"MessageId\":\"1\",\"Subject\":null,\"Message\":\"x\"}}]}";
        Assert.Null(Assert.Single(SnsEventParser.Parse(json).Notifications).Subject);
    }

    [Fact]
    public void Parse_WhenMessageMissing_ShouldNameTheField()
    {
        var json = "{\"Records\":[{\"Sns\":{\"MessageId\":\"1\"}}]}";
        Assert.Equal("$.Records[0].Sns.Message", SnsEventParser.Parse(json).Error!.Field);
    }

    [Fact]
    public void Parse_WhenJsonBroken_ShouldReportRoot()
    {
        var result = SnsEventParser.Parse("{");
        Assert.False(result.Success);
        Assert.Equal("$", result.Error!.Field);
    }
}
