using System.Text;
using CsCheck;
using Governance.Core.Events;

namespace Governance.Core.Tests.Properties;

/// <summary>
/// Issue 15, point 2: SQS batches mixing good records with bad ones (a field removed, a body truncated, a lone
/// surrogate, a raw control character, a body that is not a string or not there, arbitrary text). Only the bad records
/// fail, each naming where (<c>$.Records[i].body…</c>); every good record parses to the event it carries.
/// </summary>
public class SqsBatchProperties
{
    private enum Bad
    {
        None,
        FieldRemoved,
        Truncated,
        LoneSurrogate,
        RawControl,
        BodyNotAString,
        BodyMissing,
        Arbitrary,
    }

    private sealed record Spec(Bad Kind, GeneratedEvent Event, int Position, string Text, Escaping Escaping);

    private static readonly Gen<Spec> Record = Gen.Select(
        Gen.Frequency((3, (IGen<Bad>)Gen.Const(Bad.None)), (3, Gen.Enum<Bad>())),
        GeneratedEvent.Hostile,
        Gen.Int[0, int.MaxValue],
        Gen.Frequency((1, (IGen<string>)Gen.String), (2, HostileText.Brief)),
        Gen.OneOf(Escaping.Minimal, Escaping.AllNonAscii),
        (kind, generated, position, text, escaping) => new Spec(kind, generated, position, text, escaping));

    // The record's "body" member as JSON text, or null for a record without one.
    private static string? BodyLiteral(Spec spec)
    {
        var json = spec.Event.Json(spec.Escaping);
        string body;
        switch (spec.Kind)
        {
            case Bad.BodyMissing:
                return null;
            case Bad.BodyNotAString:
                return spec.Position % 2 == 0 ? "42" : "{\"detail\":{}}";
            case Bad.FieldRemoved:
                var tree = spec.Event.Tree();
                var required = GeneratedEvent.Fields.Where(f => f.Kind is not (FieldKind.OptionalText or FieldKind.Mapping)).ToList();
                var (path, _) = required[spec.Position % required.Count];
                var (parent, key) = GeneratedEvent.Locate(tree, path);
                parent.RemoveAll(m => m.Key == key);
                body = JsonText.Write(tree, spec.Escaping);
                break;
            case Bad.Truncated:
                body = json[..(spec.Position % json.LastIndexOf('}'))];
                break;
            case Bad.LoneSurrogate:
                body = spec.Event.WithText(GeneratedEvent.FreeTextPaths[spec.Position % GeneratedEvent.FreeTextPaths.Length], "x\uDC00").Json(spec.Escaping);
                break;
            case Bad.RawControl:
                body = spec.Event.WithText(GeneratedEvent.FreeTextPaths[spec.Position % GeneratedEvent.FreeTextPaths.Length], "x\u0001").Json(Escaping.RawControls);
                break;
            case Bad.Arbitrary:
                body = spec.Text;
                break;
            default:
                body = json;
                break;
        }
        // The body is itself a JSON string inside the SQS event: written with the same escaping as its content.
        return JsonText.Write(body, spec.Escaping == Escaping.AllNonAscii ? Escaping.AllNonAscii : Escaping.Minimal);
    }

    private static string Batch(IReadOnlyList<Spec> specs)
    {
        var json = new StringBuilder("{\"Records\":[");
        for (var i = 0; i < specs.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"messageId\":\"m-").Append(i).Append("\",\"receiptHandle\":\"AQEB\"");
            if (BodyLiteral(specs[i]) is { } body)
            {
                json.Append(",\"body\":").Append(body);
            }
            json.Append(",\"attributes\":{\"ApproximateReceiveCount\":\"").Append((i % 3) + 1).Append("\"},\"eventSource\":\"aws:sqs\"}");
        }
        return json.Append("]}").ToString();
    }

    [Fact]
    public void Parse_WhenABatchMixesGoodAndBadRecords_ShouldFailOnlyTheBadOnesAndReadEveryGoodOne()
    {
        Record.Array[1, 10].Sample(specs =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = SqsBatchParser.Parse(Batch(specs));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"a batch of {specs.Length} took {clock.Elapsed}");

            Assert.Null(result.Error);
            Assert.Equal(specs.Length, result.Records.Count);
            for (var i = 0; i < specs.Length; i++)
            {
                var record = result.Records[i];
                Assert.Equal($"m-{i}", record.MessageId);
                Assert.Equal((i % 3) + 1, record.ApproximateReceiveCount);
                switch (specs[i].Kind)
                {
                    case Bad.None:
                        Assert.True(record.Result.Success, $"record {i}: {record.Result.Error}");
                        Assert.Equal(specs[i].Event.DeduplicationId, record.Result.Event.DeduplicationId);
                        Assert.Equal(specs[i].Event.Name, record.Result.Event.Detail.PackageName);
                        break;
                    case Bad.Arbitrary:
                        // Arbitrary text is almost never an event; whatever it is, it is this record's answer alone.
                        Assert.True(record.Result.Success || record.Result.Error.Field.StartsWith($"$.Records[{i}].body", StringComparison.Ordinal), record.Result.Error?.ToString());
                        break;
                    default:
                        Assert.False(record.Result.Success, $"record {i} ({specs[i].Kind}) was accepted");
                        Assert.StartsWith($"$.Records[{i}].body", record.Result.Error.Field, StringComparison.Ordinal);
                        break;
                }
            }
        }, iter: 600);
    }

    [Fact]
    public void Parse_WhenTheBatchItselfIsTruncatedOrGarbage_ShouldAnswerAnErrorNotThrow()
    {
        Gen.Select(Record.Array[1, 4], Gen.Int[0, int.MaxValue]).Sample((specs, cut) =>
        {
            var batch = Batch(specs);
            var result = SqsBatchParser.Parse(batch[..(cut % batch.LastIndexOf('}'))]);
            Assert.Empty(result.Records);
            Assert.Equal("$", result.Error!.Field);
        }, iter: 2_000);
    }
}
