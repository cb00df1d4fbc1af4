using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Governance.Core.Ports;

namespace Governance.Aws.Ledger;

/// <summary>
/// <see cref="IDecisionLedger"/> on DynamoDB. One item per decision, keyed by <c>versionKey</c> (partition) and
/// <c>revision</c> (sort); every state change is a conditional write, so two deliveries of the same event cannot both
/// review, and a crashed holder's lease expires and can be taken over. <c>expiresAt</c> (epoch seconds) is the
/// table's TTL attribute.
/// </summary>
public sealed class DynamoDbDecisionLedger(IAmazonDynamoDB dynamo, string tableName, IClock clock, TimeSpan? retention = null) : IDecisionLedger
{
    public const string PartitionKey = "versionKey";
    public const string SortKey = "revision";
    public const string TtlAttribute = "expiresAt";

    /// <summary>Every DynamoDB operation this adapter calls, with its IAM action (on the table's ARN).</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        new("PutItem", ["dynamodb:PutItem"], "TryBeginAsync: conditional put of the in-progress claim."),
        new("UpdateItem", ["dynamodb:UpdateItem"], "CompleteAsync, MarkNotifiedAsync, MarkNotificationStartedAsync and RecordReceiptAsync: conditional updates."),
        new("GetItem", ["dynamodb:GetItem"], "GetAsync and classifying a lost claim or receipt (consistent read)."),
    ];

    /// <summary>
    /// The sparse global secondary index of decisions due for re-evaluation (a cooldown that ends, a waiver that
    /// expires, a scheduled intel re-check): only items with a <c>dueAt</c> carry <see cref="DueShardAttribute"/>, so
    /// the sweep's Query reads due items only.
    /// </summary>
    public const string DueIndexName = "due";

    /// <summary>The due index's partition key: one constant shard value per item that is due at some time.</summary>
    public const string DueShardAttribute = "dueShard";

    /// <summary>The due index's sort key: when the decision is due, epoch milliseconds (N).</summary>
    public const string DueAtAttribute = "dueAt";

    /// <summary>
    /// What the re-evaluation sweep calls: the claim/complete/notify writes of a review, the Query of the
    /// <see cref="DueIndexName"/> index, and a Scan of decided items after a policy change (paged, resumable).
    /// </summary>
    public static IReadOnlyList<AwsOperation> ReevaluationOperations { get; } =
    [
        .. Operations,
        new("Query", ["dynamodb:Query"], "DueAsync: the decisions due now, from the due index."),
        new("Scan", ["dynamodb:Scan"], "DecidedAsync: every decided item after a policy change, a page at a time."),
    ];

    /// <summary>What a subscriber that only records delivery receipts calls (the notify function).</summary>
    public static IReadOnlyList<AwsOperation> ReceiptOperations { get; } =
        [.. Operations.Where(o => o.Name is "UpdateItem" or "GetItem")];

    private readonly TimeSpan _retention = retention ?? TimeSpan.FromDays(400);

    public async Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = clock.UtcNow;
        var claim = new DecisionRecord(key, DecisionState.InProgress, holder, now + lease, null, null, false, null, false, null, now, now + _retention);
        try
        {
            var response = await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(claim),
                // Free, or in progress by a holder whose lease has expired, or re-entered by the same holder.
                // An item past its TTL counts as gone: DynamoDB deletes expired items lazily.
                ConditionExpression = "attribute_not_exists(#pk) OR #ttl <= :nowSeconds OR (#state = :inProgress AND (#lease < :now OR #holder = :holder))",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#state"] = "state", ["#lease"] = "leaseExpires", ["#holder"] = "holder", ["#ttl"] = TtlAttribute },
                ExpressionAttributeValues = new()
                {
                    [":inProgress"] = new AttributeValue { S = nameof(DecisionState.InProgress) },
                    [":now"] = Number(now.ToUnixTimeMilliseconds()),
                    [":nowSeconds"] = Number(now.ToUnixTimeSeconds()),
                    [":holder"] = new AttributeValue { S = holder },
                },
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken);
            var previous = response.Attributes is { Count: > 0 } old && FromItem(old) is { } oldRecord && oldRecord.ExpiresAt > now ? oldRecord : null;
            return new LedgerClaim(LedgerClaimKind.Claimed, previous);
        }
        catch (ConditionalCheckFailedException)
        {
            var existing = await GetAsync(key, cancellationToken);
            return existing is { State: DecisionState.Decided }
                ? new LedgerClaim(LedgerClaimKind.AlreadyDecided, existing)
                : new LedgerClaim(LedgerClaimKind.HeldByOther, existing);
        }
    }

    public async Task CompleteAsync(DecisionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = clock.UtcNow;
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(record.Key),
                // Only the holder completes; a repeated complete by the same holder (a retry) is harmless.
                ConditionExpression = "attribute_exists(#pk) AND #holder = :holder",
                UpdateExpression = "SET #state = :decided, outcome = :outcome, #action = :action, actionApplied = :applied, verdictJson = :verdict, " +
                                   "notified = :notified, notificationMessageId = :messageId, updatedAt = :updated, #ttl = :ttl, leaseExpires = :lease, " +
                                   "notificationStartedAt = :started",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#holder"] = "holder", ["#state"] = "state", ["#action"] = "action", ["#ttl"] = TtlAttribute },
                ExpressionAttributeValues = new()
                {
                    [":holder"] = new AttributeValue { S = record.Holder },
                    [":decided"] = new AttributeValue { S = nameof(DecisionState.Decided) },
                    [":outcome"] = StringOrNull(record.Outcome),
                    [":action"] = StringOrNull(record.Action),
                    [":applied"] = new AttributeValue { BOOL = record.ActionApplied },
                    [":verdict"] = StringOrNull(record.VerdictJson),
                    [":notified"] = new AttributeValue { BOOL = record.Notified },
                    [":messageId"] = StringOrNull(record.NotificationMessageId),
                    [":updated"] = Number(now.ToUnixTimeMilliseconds()),
                    [":ttl"] = Number(record.ExpiresAt.ToUnixTimeSeconds()),
                    [":lease"] = Number(record.LeaseExpires.ToUnixTimeMilliseconds()),
                    [":started"] = TimeOrNull(record.NotificationStartedAt),
                },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new LedgerConflictException($"Decision {record.Key} is not held by {record.Holder}; another holder took it over or it was never claimed.", e);
        }
    }

    public async Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        try
        {
            await UpdateDecidedAsync(key, "", "notified = :true, notificationMessageId = :messageId", new()
            {
                [":true"] = new AttributeValue { BOOL = true },
                [":messageId"] = new AttributeValue { S = messageId },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new LedgerConflictException($"Decision {key} has no completed decision to mark as notified.", e);
        }
    }

    public async Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            await UpdateDecidedAsync(key, "", "notificationStartedAt = :started", new()
            {
                [":started"] = Number(startedAt.ToUnixTimeMilliseconds()),
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new LedgerConflictException($"Decision {key} has no completed decision whose notification could start.", e);
        }
    }

    public async Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        try
        {
            // The first receipt wins: SNS may deliver a message twice, and the first id is the one published.
            await UpdateDecidedAsync(key, " AND attribute_not_exists(receiptMessageId)", "receiptMessageId = :messageId, receivedAt = :received", new()
            {
                [":messageId"] = new AttributeValue { S = messageId },
                [":received"] = Number(receivedAt.ToUnixTimeMilliseconds()),
            }, cancellationToken);
            return ReceiptResult.Recorded;
        }
        catch (ConditionalCheckFailedException)
        {
            var existing = await GetAsync(key, cancellationToken);
            return existing is { State: DecisionState.Decided, ReceiptMessageId: not null } ? ReceiptResult.AlreadyRecorded : ReceiptResult.UnknownDecision;
        }
    }

    /// <summary>
    /// A conditional update of a decided record: <c>SET {set}, updatedAt</c> when the item exists in state Decided
    /// (and <paramref name="extraCondition"/> holds). A failed condition throws <see cref="ConditionalCheckFailedException"/>.
    /// </summary>
    private Task<UpdateItemResponse> UpdateDecidedAsync(DecisionKey key, string extraCondition, string set, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        values[":decided"] = new AttributeValue { S = nameof(DecisionState.Decided) };
        values[":updated"] = Number(clock.UtcNow.ToUnixTimeMilliseconds());
        return dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = KeyOf(key),
            ConditionExpression = "attribute_exists(#pk) AND #state = :decided" + extraCondition,
            UpdateExpression = $"SET {set}, updatedAt = :updated",
            ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#state"] = "state" },
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    public async Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = KeyOf(key), ConsistentRead = true }, cancellationToken);
        var record = response.Item is { Count: > 0 } item ? FromItem(item) : null;
        return record is not null && record.ExpiresAt > clock.UtcNow ? record : null;
    }

    /// <summary>Creates the table (local stacks and tests; in AWS the SAM template owns it).</summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB dynamo, string tableName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
            AttributeDefinitions = [new AttributeDefinition(PartitionKey, ScalarAttributeType.S), new AttributeDefinition(SortKey, ScalarAttributeType.S)],
        }, cancellationToken);
        await dynamo.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = tableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TtlAttribute, Enabled = true },
        }, cancellationToken);
    }

    private static Dictionary<string, AttributeValue> KeyOf(DecisionKey key) => new()
    {
        [PartitionKey] = new AttributeValue { S = key.VersionKey },
        [SortKey] = new AttributeValue { S = key.Revision },
    };

    private static Dictionary<string, AttributeValue> ToItem(DecisionRecord r)
    {
        var item = KeyOf(r.Key);
        item["state"] = new AttributeValue { S = r.State.ToString() };
        item["holder"] = new AttributeValue { S = r.Holder };
        item["leaseExpires"] = Number(r.LeaseExpires.ToUnixTimeMilliseconds());
        item["outcome"] = StringOrNull(r.Outcome);
        item["action"] = StringOrNull(r.Action);
        item["actionApplied"] = new AttributeValue { BOOL = r.ActionApplied };
        item["verdictJson"] = StringOrNull(r.VerdictJson);
        item["notified"] = new AttributeValue { BOOL = r.Notified };
        item["notificationMessageId"] = StringOrNull(r.NotificationMessageId);
        item["updatedAt"] = Number(r.UpdatedAt.ToUnixTimeMilliseconds());
        item[TtlAttribute] = Number(r.ExpiresAt.ToUnixTimeSeconds());
        item["notificationStartedAt"] = TimeOrNull(r.NotificationStartedAt);
        // Absent rather than NULL until the receipt arrives: RecordReceiptAsync's condition is attribute_not_exists.
        if (r.ReceiptMessageId is not null)
        {
            item["receiptMessageId"] = new AttributeValue { S = r.ReceiptMessageId };
            item["receivedAt"] = TimeOrNull(r.ReceivedAt);
        }

        return item;
    }

    private static DecisionRecord FromItem(Dictionary<string, AttributeValue> item) => new(
        new DecisionKey(Str(item, PartitionKey)!, Str(item, SortKey)!),
        Enum.Parse<DecisionState>(Str(item, "state") ?? nameof(DecisionState.InProgress)),
        Str(item, "holder") ?? string.Empty,
        DateTimeOffset.FromUnixTimeMilliseconds(Num(item, "leaseExpires")),
        Str(item, "outcome"),
        Str(item, "action"),
        Bool(item, "actionApplied"),
        Str(item, "verdictJson"),
        Bool(item, "notified"),
        Str(item, "notificationMessageId"),
        DateTimeOffset.FromUnixTimeMilliseconds(Num(item, "updatedAt")),
        DateTimeOffset.FromUnixTimeSeconds(Num(item, TtlAttribute)),
        Time(item, "notificationStartedAt"),
        Str(item, "receiptMessageId"),
        Time(item, "receivedAt"));

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static AttributeValue TimeOrNull(DateTimeOffset? value) =>
        value is { } time ? Number(time.ToUnixTimeMilliseconds()) : new AttributeValue { NULL = true };

    private static DateTimeOffset? Time(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value.N, CultureInfo.InvariantCulture)) : null;

    private static AttributeValue StringOrNull(string? value) => value is null ? new AttributeValue { NULL = true } : new AttributeValue { S = value };

    private static string? Str(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.NULL != true ? value.S : null;

    private static long Num(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is not null ? long.Parse(value.N, CultureInfo.InvariantCulture) : 0;

    private static bool Bool(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.BOOL == true;
}
