using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.Ledger;

/// <summary>
/// A <see cref="DecisionRecord"/> as a DynamoDB item, both ways. Times are epoch milliseconds (N), the TTL attribute
/// epoch seconds; a record due for re-evaluation carries the due index's keys, one that is not carries neither
/// (the index is sparse). Items written before decisions had an <c>evaluation</c> are read in their old meaning:
/// "Decided" was written after acting, so it reads as Acted (or Notified when <c>notified</c> is set).
/// </summary>
internal static class DecisionItem
{
    public const string DueShard = "due";

    public static Dictionary<string, AttributeValue> KeyOf(DecisionKey key) => new()
    {
        [DynamoDbDecisionLedger.PartitionKey] = new AttributeValue { S = key.VersionKey },
        [DynamoDbDecisionLedger.SortKey] = new AttributeValue { S = key.Revision },
    };

    public static Dictionary<string, AttributeValue> ToItem(DecisionRecord r)
    {
        var item = KeyOf(r.Key);
        item["state"] = Str(r.State.ToString());
        item["holder"] = Str(r.Holder);
        item["leaseExpires"] = Number(r.LeaseExpires.ToUnixTimeMilliseconds());
        item["evaluation"] = Number(r.Evaluation);
        item["trigger"] = Str(r.Trigger);
        item["actionApplied"] = new AttributeValue { BOOL = r.ActionApplied };
        item["notified"] = new AttributeValue { BOOL = r.Notified };
        item["updatedAt"] = Number(r.UpdatedAt.ToUnixTimeMilliseconds());
        item[DynamoDbDecisionLedger.TtlAttribute] = Number(r.ExpiresAt.ToUnixTimeSeconds());
        // Optional attributes are absent rather than NULL: conditions test attribute_not_exists, and the due index
        // must not see an item that is not due.
        Optional(item, "outcome", r.Outcome);
        Optional(item, "action", r.Action);
        Optional(item, "verdictJson", r.VerdictJson);
        Optional(item, "subjectJson", r.SubjectJson);
        Optional(item, "observedStatus", r.ObservedStatus?.ToString());
        Optional(item, "resultingStatus", r.ResultingStatus?.ToString());
        Optional(item, "policyDigest", r.PolicyDigest);
        Optional(item, "notificationMessageId", r.NotificationMessageId);
        Optional(item, "receiptMessageId", r.ReceiptMessageId);
        OptionalTime(item, "notificationStartedAt", r.NotificationStartedAt);
        OptionalTime(item, "receivedAt", r.ReceivedAt);
        if (r.DueAt is { } due)
        {
            item[DynamoDbDecisionLedger.DueShardAttribute] = Str(DueShard);
            item[DynamoDbDecisionLedger.DueAtAttribute] = Number(due.ToUnixTimeMilliseconds());
        }

        return item;
    }

    public static DecisionRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        var legacy = !item.ContainsKey("evaluation");
        var state = Enum.Parse<DecisionState>(Text(item, "state") ?? nameof(DecisionState.InProgress));
        if (legacy && state == DecisionState.Decided)
        {
            state = Flag(item, "notified") ? DecisionState.Notified : DecisionState.Acted;
        }

        return new DecisionRecord
        {
            Key = new DecisionKey(Text(item, DynamoDbDecisionLedger.PartitionKey)!, Text(item, DynamoDbDecisionLedger.SortKey)!),
            State = state,
            Holder = Text(item, "holder") ?? string.Empty,
            LeaseExpires = DateTimeOffset.FromUnixTimeMilliseconds(Long(item, "leaseExpires")),
            Evaluation = legacy ? 1 : (int)Long(item, "evaluation"),
            Trigger = Text(item, "trigger") ?? "published",
            Outcome = Text(item, "outcome"),
            Action = Text(item, "action"),
            ActionApplied = Flag(item, "actionApplied"),
            VerdictJson = Text(item, "verdictJson"),
            SubjectJson = Text(item, "subjectJson"),
            ObservedStatus = Status(item, "observedStatus"),
            ResultingStatus = Status(item, "resultingStatus"),
            PolicyDigest = Text(item, "policyDigest"),
            DueAt = Time(item, DynamoDbDecisionLedger.DueAtAttribute),
            NotificationMessageId = Text(item, "notificationMessageId"),
            NotificationStartedAt = Time(item, "notificationStartedAt"),
            ReceiptMessageId = Text(item, "receiptMessageId"),
            ReceivedAt = Time(item, "receivedAt"),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Long(item, "updatedAt")),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(Long(item, DynamoDbDecisionLedger.TtlAttribute)),
        };
    }

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Str(string value) => new() { S = value };

    public static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.NULL != true ? value.S : null;

    public static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value.N, CultureInfo.InvariantCulture)) : null;

    private static void Optional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = Str(value);
        }
    }

    private static void OptionalTime(Dictionary<string, AttributeValue> item, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            item[name] = Number(time.ToUnixTimeMilliseconds());
        }
    }

    private static PackageVersionStatus? Status(Dictionary<string, AttributeValue> item, string name) =>
        Text(item, name) is { } text && Enum.TryParse<PackageVersionStatus>(text, out var status) ? status : null;

    private static long Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null ? long.Parse(value.N, CultureInfo.InvariantCulture) : 0;

    private static bool Flag(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.BOOL == true;
}
