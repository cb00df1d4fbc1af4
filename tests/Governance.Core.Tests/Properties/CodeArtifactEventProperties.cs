using System.Diagnostics;
using System.Text;
using CsCheck;
using Governance.Core.Events;

namespace Governance.Core.Tests.Properties;

/// <summary>
/// Issue 15, point 2: properties of <see cref="CodeArtifactEventParser"/> over generated events — valid ones read
/// exactly, mutated ones (a field removed, of the wrong type, null) rejected naming that field, truncated ones
/// rejected at every byte, hostile Unicode read or rejected — never an exception, always in bounded time.
/// </summary>
public class CodeArtifactEventProperties
{
    /// <summary>The longest a single parse may take; a parse of the largest input measured here takes milliseconds.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private static readonly string[] ArnParts =
        ["$.detail.domainName", "$.detail.domainOwner", "$.detail.repositoryName", "$.detail.packageFormat", "$.detail.packageName"];

    /// <summary>Parses and checks the time bound; any exception escapes and fails the property with its seed.</summary>
    public static EventParseResult TimedParse(string json)
    {
        var clock = Stopwatch.StartNew();
        var result = CodeArtifactEventParser.Parse(json);
        Assert.True(clock.Elapsed < Bound, $"parsing {json.Length} characters took {clock.Elapsed}");
        Assert.True(result.Success != (result.Error is not null));
        return result;
    }

    [Fact]
    public void Parse_WhenTheEventIsValid_ShouldReadEveryFieldExactlyAsSent()
    {
        Gen.Select(GeneratedEvent.Hostile, Gen.OneOf(Escaping.Minimal, Escaping.AllNonAscii)).Sample((generated, escaping) =>
        {
            var result = TimedParse(generated.Json(escaping));

            Assert.True(result.Success, result.Error?.ToString());
            var detail = result.Event.Detail;
            Assert.Equal(generated.Id, result.Event.Id);
            Assert.Equal(generated.Account, result.Event.Account);
            Assert.Equal(DateTimeOffset.Parse(generated.Time, System.Globalization.CultureInfo.InvariantCulture), result.Event.Time);
            Assert.Equal(
                (generated.DomainName, generated.DomainOwner, generated.Repository, generated.Administrator, generated.Format, string.IsNullOrEmpty(generated.Namespace) ? null : generated.Namespace),
                (detail.DomainName, detail.DomainOwner, detail.RepositoryName, detail.RepositoryAdministrator, detail.PackageFormat, detail.PackageNamespace));
            Assert.Equal((generated.Name, generated.Version, generated.Status, generated.Revision), (detail.PackageName, detail.PackageVersion, detail.PackageVersionState.ToString(), detail.PackageVersionRevision));
            Assert.Equal((generated.Added, generated.Removed, generated.Metadata, generated.Updated, generated.StatusChanged),
                (detail.Changes.AssetsAdded, detail.Changes.AssetsRemoved, detail.Changes.MetadataUpdated, detail.Changes.AssetsUpdated, detail.Changes.StatusChanged));
            Assert.Equal((generated.Operation, generated.Sequence, generated.DeduplicationId), (detail.OperationType.ToString(), detail.SequenceNumber, result.Event.DeduplicationId));
        }, iter: 3_000);
    }

    [Fact]
    public void Parse_WhenAFreeTextFieldHoldsALoneSurrogate_ShouldRejectNamingThatField()
    {
        Gen.Select(GeneratedEvent.Plain, Gen.OneOf(GeneratedEvent.FreeTextPaths), HostileText.WithLoneSurrogate(HostileText.Brief), Gen.OneOf(Escaping.Minimal, Escaping.AllNonAscii))
            .Sample((generated, path, text, escaping) =>
            {
                var result = TimedParse(generated.WithText(path, text).Json(escaping));

                Assert.False(result.Success);
                Assert.Equal(path, result.Error.Field);
                Assert.Contains("surrogate", result.Error.Message, StringComparison.Ordinal);
            }, iter: 3_000);
    }

    [Fact]
    public void Parse_WhenAControlCharacterIsSentUnescaped_ShouldRejectTheEventAsNotJson()
    {
        Gen.Select(GeneratedEvent.Plain, Gen.OneOf(GeneratedEvent.FreeTextPaths), HostileText.Brief, Gen.Char['\0', '\u001f'])
            .Sample((generated, path, text, control) =>
            {
                var result = TimedParse(generated.WithText(path, text + control).Json(Escaping.RawControls));

                Assert.False(result.Success);
                Assert.Equal("$", result.Error.Field);
                Assert.Contains("not valid JSON", result.Error.Message, StringComparison.Ordinal);
            }, iter: 2_000);
    }

    /// <summary>What replaces a field: nothing (removed), null, or a value of each JSON type.</summary>
    private static readonly object?[] Replacements =
        [Removed, null, true, 7, -1, 1.5, 3_000_000_000L, new RawJson("1e400"), "", "garbage", new List<object?>(), new List<object?> { 7 }, new List<KeyValuePair<string, object?>>()];

    private const string Removed = "\u0000removed";

    [Fact]
    public void Parse_WhenOneFieldIsRemovedOrOfTheWrongType_ShouldRejectNamingThatFieldOrAcceptWhatTheShapeAllows()
    {
        Gen.Select(GeneratedEvent.Plain, Gen.Int[0, GeneratedEvent.Fields.Length - 1], Gen.Int[0, Replacements.Length - 1]).Sample((generated, field, replacement) =>
        {
            var (path, kind) = GeneratedEvent.Fields[field];
            var value = Replacements[replacement];
            var tree = generated.Tree();
            var (parent, key) = GeneratedEvent.Locate(tree, path);
            var at = parent.FindIndex(m => m.Key == key);
            var original = parent[at].Value;
            if (ReferenceEquals(value, Removed))
            {
                parent.RemoveAt(at);
            }
            else
            {
                parent[at] = new(key, value);
            }

            var result = TimedParse(JsonText.Write(tree));

            var expected = Expected(path, kind, value, original);
            if (expected is null)
            {
                Assert.True(result.Success, result.Error?.ToString());
            }
            else
            {
                Assert.False(result.Success, $"{path} = {(ReferenceEquals(value, Removed) ? "(removed)" : JsonText.Write(value))} was accepted");
                Assert.True(expected.EndsWith('*') ? result.Error.Field.StartsWith(expected[..^1], StringComparison.Ordinal) : result.Error.Field == expected,
                    $"expected the error at {expected}, found {result.Error}");
            }
        }, iter: 3_000);
    }

    // The field the parser must name (a trailing * accepts any field below it), or null when the event stays valid.
    // An independent statement of the event's shape: which kinds are optional, nullable, integer, boolean.
    private static string? Expected(string path, FieldKind kind, object? value, object? original)
    {
        if (ReferenceEquals(value, Removed))
        {
            return kind == FieldKind.OptionalText ? null : path;
        }
        var changedString = value is string s && s.Length > 0 && !Equals(s, original);
        switch (kind)
        {
            case FieldKind.OptionalText:
                return value is null or string ? null : path;
            case FieldKind.NullableText:
                if (value is not (null or string))
                {
                    return path;
                }
                // The namespace is part of the ARN; changing it (null and "" both mean "none") breaks the ARN check.
                var now = value as string ?? "";
                return now == ((original as string) ?? "") ? null : "$.resources[0]";
            case FieldKind.Text:
                if (!changedString)
                {
                    return value is string text && text.Length > 0 ? null : path;
                }
                return ArnParts.Contains(path) ? "$.resources[0]" : null;
            case FieldKind.Count:
                return value is 7 ? null : path;
            case FieldKind.Sequence:
                return value is 7 or 3_000_000_000L ? null : path;
            case FieldKind.Bool:
                return value is bool ? null : path;
            case FieldKind.Resources:
                return value is List<object?> { Count: > 0 } ? path + "[0]" : path;
            case FieldKind.Mapping:
                return value is List<KeyValuePair<string, object?>> ? path + ".*" : path;
            default:
                // Constants, the timestamp and the enumerations: "garbage" is none of them.
                return path;
        }
    }

    [Fact]
    public void Parse_WhenTheEventIsTruncatedAtAnyByte_ShouldRejectItAsNotJson()
    {
        var measured = 0;
        GeneratedEvent.Hostile.Sample(generated =>
        {
            var bytes = Encoding.UTF8.GetBytes(generated.Json());
            var end = Array.LastIndexOf(bytes, (byte)'}');
            for (var cut = 0; cut < end; cut++)
            {
                // A cut inside a multi-byte character decodes to U+FFFD, as a lenient reader would give it.
                var result = TimedParse(Encoding.UTF8.GetString(bytes, 0, cut));
                Assert.False(result.Success, $"the first {cut} of {bytes.Length} bytes were accepted");
                Assert.Equal("$", result.Error.Field);
            }
            Interlocked.Add(ref measured, end);
        }, iter: 16);
        Assert.True(measured > 10_000, $"only {measured} truncations were tried");
    }

    [Fact]
    public void Parse_WhenFieldsAreHugeOrTheTextIsDeeplyNested_ShouldAnswerWithinTheBound()
    {
        var deep = Gen.Int[1, 200_000].Select(depth => new string('[', depth) + new string(']', depth));
        var huge = Gen.Select(GeneratedEvent.Plain, Gen.OneOf(GeneratedEvent.FreeTextPaths), HostileText.Any)
            .Select((generated, path, text) => generated.WithText(path, HostileText.Repeat(text + "x", 100_000)).Json());
        Gen.Frequency((1, (IGen<string>)deep), (3, huge)).Sample(json =>
        {
            var result = TimedParse(json);
            Assert.True(result.Success || result.Error.Field.StartsWith('$'), result.Error?.ToString());
        }, iter: 60);
    }

    [Fact]
    public void Parse_WhenGivenArbitraryTextOrAValidEventWithBytesFlipped_ShouldAnswerWithoutThrowing()
    {
        var flipped = Gen.Select(GeneratedEvent.Hostile, Gen.Int[0, int.MaxValue], Gen.Char).Select((generated, at, c) =>
        {
            var json = generated.Json();
            var i = at % json.Length;
            return json.Remove(i, 1).Insert(i, c.ToString());
        });
        Gen.Frequency((1, (IGen<string>)Gen.String), (3, flipped)).Sample(json =>
        {
            var result = TimedParse(json);
            Assert.True(result.Success || result.Error.Field.StartsWith('$'), result.Error?.ToString());
        }, iter: 5_000);
    }
}
