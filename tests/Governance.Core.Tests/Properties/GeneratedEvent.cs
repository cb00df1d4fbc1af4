using CsCheck;

namespace Governance.Core.Tests.Properties;

/// <summary>How the parser must treat a field: what it holds and whether it may be left out or be null.</summary>
public enum FieldKind
{
    Text,
    Constant,
    Timestamp,
    Enumeration,
    OptionalText,
    NullableText,
    Count,
    Sequence,
    Bool,
    Resources,
    Mapping,
}

/// <summary>
/// A CodeArtifact "Package Version State Change" event with every field chosen by a generator. <see cref="Tree"/>
/// writes it in EventBridge's shape (docs: /work/shared/reference/eventbridge-codeartifact-events.md), with the
/// resource ARN built from the detail as CodeArtifact builds it.
/// </summary>
public sealed record GeneratedEvent(
    string Id, string Account, string Region, string Time, string DomainName, string DomainOwner, string Repository,
    string? Administrator, string Format, string? Namespace, string Name, string Version, string Status, string Revision,
    int Added, int Removed, bool Metadata, int Updated, bool StatusChanged, string Operation, long Sequence, string DeduplicationId,
    string EnvelopeVersion = "0")
{
    /// <summary>Every field of the event by its JSON path, with the kind that decides how the parser must treat it.</summary>
    public static readonly (string Path, FieldKind Kind)[] Fields =
    [
        ("$.version", FieldKind.Text), ("$.id", FieldKind.Text), ("$.detail-type", FieldKind.Constant), ("$.source", FieldKind.Constant),
        ("$.account", FieldKind.Text), ("$.time", FieldKind.Timestamp), ("$.region", FieldKind.Text), ("$.resources", FieldKind.Resources),
        ("$.detail", FieldKind.Mapping), ("$.detail.domainName", FieldKind.Text), ("$.detail.domainOwner", FieldKind.Text),
        ("$.detail.repositoryName", FieldKind.Text), ("$.detail.repositoryAdministrator", FieldKind.OptionalText),
        ("$.detail.packageFormat", FieldKind.Text), ("$.detail.packageNamespace", FieldKind.NullableText),
        ("$.detail.packageName", FieldKind.Text), ("$.detail.packageVersion", FieldKind.Text),
        ("$.detail.packageVersionState", FieldKind.Enumeration), ("$.detail.packageVersionRevision", FieldKind.Text),
        ("$.detail.changes", FieldKind.Mapping), ("$.detail.changes.assetsAdded", FieldKind.Count),
        ("$.detail.changes.assetsRemoved", FieldKind.Count), ("$.detail.changes.metadataUpdated", FieldKind.Bool),
        ("$.detail.changes.assetsUpdated", FieldKind.Count), ("$.detail.changes.statusChanged", FieldKind.Bool),
        ("$.detail.operationType", FieldKind.Enumeration), ("$.detail.sequenceNumber", FieldKind.Sequence),
        ("$.detail.eventDeduplicationId", FieldKind.Text),
    ];

    /// <summary>The free-text fields a publisher or CodeArtifact fills (hostile text goes here), by JSON path.</summary>
    public static readonly string[] FreeTextPaths =
    [
        "$.version", "$.id", "$.account", "$.region", "$.detail.domainName", "$.detail.domainOwner", "$.detail.repositoryName",
        "$.detail.repositoryAdministrator", "$.detail.packageFormat", "$.detail.packageNamespace", "$.detail.packageName",
        "$.detail.packageVersion", "$.detail.packageVersionRevision", "$.detail.eventDeduplicationId",
    ];

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 20].Where(s => s.Length > 0);

    /// <summary>A realistic event: plain names, one of the formats, statuses and operations CodeArtifact sends.</summary>
    public static Gen<GeneratedEvent> Plain { get; } = Build(Word);

    /// <summary>An event whose free text (names, versions, ids) is hostile but valid Unicode.</summary>
    public static Gen<GeneratedEvent> Hostile { get; } = Build(Gen.Frequency((1, Word), (3, HostileText.Brief)));

    private static Gen<GeneratedEvent> Build(Gen<string> text) =>
        Gen.Select(
            Gen.Select(text, Gen.String[Gen.Char["0123456789"], 12, 12], Gen.OneOf("us-east-1", "eu-west-2"), Gen.Long[0, 100L * 365 * 86_400].Select(s => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(s))),
            Gen.Select(text, text, text, Maybe(text)),
            Gen.Select(Gen.OneOf("npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"), Maybe(text), text, text),
            Gen.Select(Gen.OneOf("Published", "Unfinished", "Unlisted", "Archived", "Disposed", "Deleted"), text, Gen.Int[0, 1000], Gen.Bool),
            Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Bool, Gen.OneOf("Created", "Updated", "Deleted")),
            Gen.Select(Gen.Long[0, long.MaxValue], text),
            (envelope, place, package, state, changes, tail) => new GeneratedEvent(
                envelope.Item1, envelope.Item2, envelope.Item3, envelope.Item4.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                place.Item1, place.Item2, place.Item3, place.Item4,
                package.Item1, package.Item2, package.Item3, package.Item4,
                state.Item1, state.Item2, state.Item3, changes.Item1, state.Item4, changes.Item2, changes.Item3, changes.Item4,
                tail.Item1, tail.Item2));

    private static Gen<string?> Maybe(Gen<string> text) =>
        Gen.Frequency((1, (IGen<string?>)Gen.Const((string?)null)), (3, text.Select(s => (string?)s)));

    /// <summary>The event as a JSON tree for <see cref="JsonText"/>; <paramref name="edit"/> may change it first.</summary>
    public List<KeyValuePair<string, object?>> Tree()
    {
        // CodeArtifact's ARN: arn:aws:codeartifact:{region}:{owner}:package/{domain}/{repository}/{format}/{namespace}/{name}.
        // A lone surrogate cannot be part of a real ARN; it is replaced so the parser reaches the detail field holding it.
        var arn = Clean($"arn:aws:codeartifact:{Region}:{DomainOwner}:package/{DomainName}/{Repository}/{Format}/{Namespace ?? ""}/{Name}");
        var detail = new List<KeyValuePair<string, object?>>
        {
            new("domainName", DomainName), new("domainOwner", DomainOwner), new("repositoryName", Repository),
            new("repositoryAdministrator", Administrator), new("packageFormat", Format), new("packageNamespace", Namespace),
            new("packageName", Name), new("packageVersion", Version), new("packageVersionState", Status),
            new("packageVersionRevision", Revision),
            new("changes", new List<KeyValuePair<string, object?>>
            {
                new("assetsAdded", Added), new("assetsRemoved", Removed), new("metadataUpdated", Metadata),
                new("assetsUpdated", Updated), new("statusChanged", StatusChanged),
            }),
            new("operationType", Operation), new("sequenceNumber", Sequence), new("eventDeduplicationId", DeduplicationId),
        };
        return
        [
            new("version", EnvelopeVersion), new("id", Id), new("detail-type", "CodeArtifact Package Version State Change"),
            new("source", "aws.codeartifact"), new("account", Account), new("time", Time), new("region", Region),
            new("resources", new List<object?> { arn }), new("detail", detail),
        ];
    }

    public string Json(Escaping escaping = Escaping.Minimal) => JsonText.Write(Tree(), escaping);

    /// <summary>The same event with the text at <paramref name="path"/> (a free-text field) replaced.</summary>
    public GeneratedEvent WithText(string path, string text) => path switch
    {
        "$.version" => this with { EnvelopeVersion = text },
        "$.id" => this with { Id = text },
        "$.account" => this with { Account = text },
        "$.region" => this with { Region = text },
        "$.detail.domainName" => this with { DomainName = text },
        "$.detail.domainOwner" => this with { DomainOwner = text },
        "$.detail.repositoryName" => this with { Repository = text },
        "$.detail.repositoryAdministrator" => this with { Administrator = text },
        "$.detail.packageFormat" => this with { Format = text },
        "$.detail.packageNamespace" => this with { Namespace = text },
        "$.detail.packageName" => this with { Name = text },
        "$.detail.packageVersion" => this with { Version = text },
        "$.detail.packageVersionRevision" => this with { Revision = text },
        "$.detail.eventDeduplicationId" => this with { DeduplicationId = text },
        _ => throw new ArgumentException($"{path} is not a free-text field", nameof(path)),
    };

    /// <summary>The node list holding the field at <paramref name="path"/> and the field's key there.</summary>
    public static (List<KeyValuePair<string, object?>> Parent, string Key) Locate(List<KeyValuePair<string, object?>> root, string path)
    {
        var keys = path[2..].Split('.');
        var node = root;
        foreach (var key in keys[..^1])
        {
            node = (List<KeyValuePair<string, object?>>)node.Single(m => m.Key == key).Value!;
        }
        return (node, keys[^1]);
    }

    private static string Clean(string text) =>
        TestText.HasLoneSurrogate(text) ? new string([.. text.Select(c => char.IsSurrogate(c) ? '?' : c)]) : text;
}
