using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Core.Evidence;

namespace Governance.Core.Review;

/// <summary>
/// A <see cref="ReviewSubject"/> as the JSON the ledger keeps beside the verdict: what a re-evaluation evaluates again
/// under a new policy or a later clock, with no download. Bounded: a subject too large for the ledger record is not
/// kept (null), and its re-evaluation gathers the evidence again.
/// </summary>
public static class ReviewSubjectDocument
{
    /// <summary>The largest subject kept, in UTF-8 bytes (the verdict takes up to 300 KB of DynamoDB's 400 KB item).</summary>
    public const int MaxBytes = 64 * 1024;

    public static string? Serialize(ReviewSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var json = JsonSerializer.Serialize(Snapshot.From(subject), SubjectJsonContext.Default.Snapshot);
        return Encoding.UTF8.GetByteCount(json) <= MaxBytes ? json : null;
    }

    /// <summary>The subject, or null when the document cannot be read (written by another version of this program).</summary>
    public static ReviewSubject? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, SubjectJsonContext.Default.Snapshot)?.ToSubject();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored shape: the subject's three parts (ReviewSubject's evidence is an init property).</summary>
    internal sealed record Snapshot(Packages.PackageVersionFacts Facts, IReadOnlyList<AssetIntegrity> Assets, ReviewEvidence Evidence)
    {
        public static Snapshot From(ReviewSubject subject) => new(subject.Facts, subject.Assets, subject.Evidence);

        public ReviewSubject ToSubject() => new(Facts, Assets, Evidence);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReviewSubjectDocument.Snapshot))]
internal sealed partial class SubjectJsonContext : JsonSerializerContext;
