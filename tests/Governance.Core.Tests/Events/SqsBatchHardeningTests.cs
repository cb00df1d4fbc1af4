using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Governance.Core.Events;

namespace Governance.Core.Tests.Events;

/// <summary>Issue 15: one hostile record must fail alone; its neighbours in the batch still parse.</summary>
public class SqsBatchHardeningTests
{
    private static readonly string[] Samples =
        ["generic-publish-created.json", "generic-status-change-unlisted.json", "maven-upstream-retained-created.json", "npm-publish-created.json"];

    // A record with its body given as a raw JSON string literal (so tests control every escape).
    private static string Record(string id, string bodyLiteral, string receiveCount = "\"1\"") =>
        $"{{\"messageId\":\"{id}\",\"receiptHandle\":\"AQEB\",\"body\":{bodyLiteral},\"attributes\":{{\"ApproximateReceiveCount\":{receiveCount}}},\"eventSource\":\"aws:sqs\"}}";

    private static string Batch(IEnumerable<string> records) => $"{{\"Records\":[{string.Join(',', records)}]}}";

    private static string Literal(string body) => JsonSerializer.Serialize(body);

    private static string Valid(int sample = 3) => Literal(Fixtures.Event(Samples[sample]));

    // The body JSON with a lone surrogate escape at the start of the package name: the body string itself is fine,
    // the event inside it is not.
    private static string WithSurrogateInPackageName(string body, string escape) =>
        Regex.Replace(body, "\"packageName\"\\s*:\\s*\"", m => m.Value + escape, RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public void Parse_WhenBodyIsALoneSurrogateEscape_ShouldFailOnlyThatRecordNamingTheBody()
    {
        var result = SqsBatchParser.Parse(Batch([Record("m-0", Valid()), Record("m-1", "\"\\ud800\""), Record("m-2", Valid(0))]));

        Assert.Null(result.Error);
        Assert.Equal(3, result.Records.Count);
        Assert.True(result.Records[0].Result.Success, result.Records[0].Result.Error?.ToString());
        Assert.True(result.Records[2].Result.Success, result.Records[2].Result.Error?.ToString());
        var error = result.Records[1].Result.Error!;
        Assert.Equal("m-1", result.Records[1].MessageId);
        Assert.Equal("$.Records[1].body", error.Field);
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenPackageNameInBodyHoldsALoneSurrogate_ShouldFailOnlyThatRecordNamingTheField()
    {
        var body = WithSurrogateInPackageName(Fixtures.Event(Samples[3]), "\\udc00");
        var result = SqsBatchParser.Parse(Batch([Record("m-0", Literal(body)), Record("m-1", Valid())]));

        Assert.Null(result.Error);
        Assert.Equal("$.Records[0].body:$.detail.packageName", result.Records[0].Result.Error!.Field);
        Assert.True(result.Records[1].Result.Success, result.Records[1].Result.Error?.ToString());
    }

    [Fact]
    public void Parse_WhenRawLoneSurrogateCharInABody_ShouldFailOnlyThatRecord()
    {
        var hostile = Valid().Insert(1, "\uD800");
        var result = SqsBatchParser.Parse(Batch([Record("m-0", Valid()), Record("m-1", hostile)]));

        Assert.Null(result.Error);
        Assert.True(result.Records[0].Result.Success, result.Records[0].Result.Error?.ToString());
        Assert.Equal("$.Records[1].body", result.Records[1].Result.Error!.Field);
    }

    [Fact]
    public void Parse_WhenReceiveCountHoldsALoneSurrogate_ShouldParseTheRecordWithoutACount()
    {
        var record = Assert.Single(SqsBatchParser.Parse(Batch([Record("m-0", Valid(), "\"\\ud800\"")])).Records);

        Assert.True(record.Result.Success, record.Result.Error?.ToString());
        Assert.Null(record.ApproximateReceiveCount);
    }

    [Fact]
    public void CodeArtifactParse_WhenResourceHoldsALoneSurrogate_ShouldNameTheResource()
    {
        var body = Fixtures.Event(Samples[3]).Replace("\"arn:aws:", "\"\\ud800arn:aws:", StringComparison.Ordinal);
        Assert.Equal("$.resources[0]", CodeArtifactEventParser.Parse(body).Error!.Field);
    }

    [Fact]
    public void SnsParse_WhenAttributeHoldsALoneSurrogate_ShouldReportItNotThrow()
    {
        var json = "{\"Records\":[{\"Sns\":{\"MessageId\":\"1\",\"Message\":\"x\",\"MessageAttributes\":{\"v\":{\"Type\":\"String\",\"Value\":\"\\ud800\"},\"\\udc00\":{\"Value\":\"x\"}}}}]}";
        var result = SnsEventParser.Parse(json);
        Assert.Equal("$.Records[0].Sns.MessageAttributes.v.Value", result.Error!.Field);
    }

    private enum Kind
    {
        Valid,
        Truncated,
        SurrogateInBodyEscape,
        SurrogateInBodyRaw,
        SurrogateInPackageName,
        Mutated,
        Arbitrary,
    }

    private const char Marker = '\u0001';

    private static readonly string[] Hostile =
        ["\uD800", "\uDFFF", "\uFFFF", "\uFEFF", "\u202E", "\U0001F600", "\0", "\"", "\\", "{", "]", "\u2028", "é"];

    [Fact]
    public void Parse_WhenBatchMixesValidAndHostileRecords_ShouldFailOnlyTheBadOnesAndNeverThrow()
    {
        var record = Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, Samples.Length - 1], Gen.Int[0, int.MaxValue], Gen.OneOf(Hostile.Select(Gen.Const).ToArray()), Gen.String);
        record.Array[1, 8].Sample(specs =>
        {
            var literals = new List<string>();
            foreach (var (kind, sample, position, hostile, arbitrary) in specs)
            {
                var body = Fixtures.Event(Samples[sample]);
                literals.Add(kind switch
                {
                    Kind.Valid => Literal(body),
                    Kind.Truncated => Literal(body.TrimEnd()[..(position % body.TrimEnd().Length)]),
                    Kind.SurrogateInBodyEscape => Literal(body.Insert(position % (body.Length + 1), Marker.ToString())).Replace("\\u0001", "\\uD83D", StringComparison.Ordinal),
                    Kind.SurrogateInBodyRaw => Literal(body.Insert(position % (body.Length + 1), Marker.ToString())).Replace("\\u0001", "\uDC00", StringComparison.Ordinal),
                    Kind.SurrogateInPackageName => Literal(WithSurrogateInPackageName(body, "\\ud800")),
                    Kind.Mutated => Literal(body.Remove(position % body.Length, 1).Insert(position % body.Length, hostile)),
                    _ => Literal(arbitrary),
                });
            }
            var result = SqsBatchParser.Parse(Batch(literals.Select((l, i) => Record($"m-{i}", l))));

            Assert.Null(result.Error);
            Assert.Equal(specs.Length, result.Records.Count);
            for (var i = 0; i < specs.Length; i++)
            {
                var parsed = result.Records[i];
                Assert.Equal($"m-{i}", parsed.MessageId);
                switch (specs[i].Item1)
                {
                    case Kind.Valid:
                        Assert.True(parsed.Result.Success, parsed.Result.Error?.ToString());
                        break;
                    case Kind.Truncated or Kind.SurrogateInBodyEscape or Kind.SurrogateInBodyRaw or Kind.SurrogateInPackageName:
                        Assert.False(parsed.Result.Success);
                        Assert.StartsWith($"$.Records[{i}].body", parsed.Result.Error!.Field, StringComparison.Ordinal);
                        break;
                    default:
                        // A mutation may land somewhere harmless; either way it is a result, never an exception.
                        Assert.True(parsed.Result.Success || parsed.Result.Error!.Field.StartsWith($"$.Records[{i}].body", StringComparison.Ordinal));
                        break;
                }
            }
        }, iter: 400);
    }
}
