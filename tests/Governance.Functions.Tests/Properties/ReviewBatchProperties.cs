using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Governance.Functions.Tests.Support;

using Governance.Core.Tests.Properties;

namespace Governance.Functions.Tests.Properties;

/// <summary>
/// Issue 15, point 2, through the review function's batch handling: an SQS batch mixing good records (versions with
/// hostile but valid names) and bad ones (a field removed or of the wrong type, a truncated body, a lone surrogate, a
/// body that is not a string). Every good version is reviewed and notified once; only the bad records go to the
/// dead-letter queue, each with a reason naming the field; nothing is returned for retry.
/// </summary>
public class ReviewBatchProperties
{
    private enum Kind
    {
        Good,
        FieldRemoved,
        WrongType,
        Truncated,
        LoneSurrogate,
        BodyNotAString,
    }

    private static readonly string[] Names =
        ["clean-lib", "caf\u00e9", "cafe\u0301", "\u202eevil", "emoji-\U0001F600", "\u4e2d\u6587", "tab\tname", "cr\rPASS", new('n', 300), "..%2e%2e", "quote\"back\\slash"];

    private static readonly string[] RequiredFields = ["packageName", "packageVersion", "domainName", "packageFormat", "eventDeduplicationId", "sequenceNumber"];

    private static (string BodyLiteral, string? Field) Body(Kind kind, string name, int choice)
    {
        var evt = Events.GenericPublished(ReviewerHarness.Account, ReviewerHarness.Domain, ReviewerHarness.Repository, "unit", name, "1.0.0");
        var detail = evt["detail"]!.AsObject();
        var field = RequiredFields[choice % RequiredFields.Length];
        switch (kind)
        {
            case Kind.FieldRemoved:
                detail.Remove(field);
                return (TestText.JsonLiteral(evt.ToJsonString()), $"$.detail.{field}");
            case Kind.WrongType:
                detail[field] = field == "sequenceNumber" ? "seven" : 7;
                return (TestText.JsonLiteral(evt.ToJsonString()), $"$.detail.{field}");
            case Kind.Truncated:
                var json = evt.ToJsonString();
                return (TestText.JsonLiteral(json[..(choice % json.Length)]), "$");
            case Kind.LoneSurrogate:
                // Escaped inside the event (the body is text, the version in it is not), or raw in the body itself.
                detail["packageVersion"] = "1.0.0-SURROGATE";
                return choice % 2 == 0
                    ? (TestText.JsonLiteral(evt.ToJsonString().Replace("-SURROGATE", "\\udc00", StringComparison.Ordinal)), "$.detail.packageVersion")
                    : (TestText.JsonLiteral(evt.ToJsonString().Replace("-SURROGATE", "\uDC00", StringComparison.Ordinal)), ".body");
            case Kind.BodyNotAString:
                return ("{\"not\":\"a string\"}", ".body");
            default:
                return (TestText.JsonLiteral(evt.ToJsonString()), null);
        }
    }

    [Fact]
    public async Task HandleAsync_WhenABatchMixesGoodAndBadRecords_ShouldReviewEveryGoodOneAndDeadLetterOnlyTheBadOnes()
    {
        var record = Gen.Select(Gen.Frequency((2, (IGen<Kind>)Gen.Const(Kind.Good)), (3, Gen.Enum<Kind>())), Gen.OneOf(Names), Gen.Int[0, 10_000]);
        await record.Array[1, 6].SampleAsync(async specs =>
        {
            using var harness = new ReviewerHarness();
            var records = new StringBuilder("{\"Records\":[");
            var expected = new Dictionary<string, string?>();
            for (var i = 0; i < specs.Length; i++)
            {
                var (kind, name, choice) = specs[i];
                var unique = $"{name}-{i}";
                if (kind == Kind.Good)
                {
                    harness.AddGeneric(unique);
                }
                var (body, field) = Body(kind, unique, choice);
                expected[$"m-{i}"] = field;
                records.Append(i == 0 ? "" : ",")
                    .Append($"{{\"messageId\":\"m-{i}\",\"receiptHandle\":\"h-{i}\",\"body\":{body},\"attributes\":{{\"ApproximateReceiveCount\":\"1\"}},")
                    .Append("\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:111122223333:governance-review\"}");
            }

            var response = await harness.Function.HandleAsync(records.Append("]}").ToString(), CancellationToken.None);

            using var document = JsonDocument.Parse(response);
            Assert.Equal(0, document.RootElement.GetProperty("batchItemFailures").GetArrayLength());
            var bad = expected.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!);
            Assert.Equal(bad.Keys.Order(), harness.DeadLetters.Select(d => d.MessageId).Order());
            foreach (var (messageId, field) in bad)
            {
                var reason = harness.DeadLetters.Single(d => d.MessageId == messageId).Reason;
                var index = messageId[2..];
                Assert.Contains($"$.Records[{index}]", reason, StringComparison.Ordinal);
                Assert.Contains(field, reason, StringComparison.Ordinal);
            }
            var good = specs.Count(s => s.Item1 == Kind.Good);
            Assert.Equal(good, harness.LogLines.Count(l => l.GetProperty("message").GetString() == "review finished"));
            Assert.Equal(good, harness.Publisher.Messages.Count);
        }, iter: 30, threads: 1);
    }
}
