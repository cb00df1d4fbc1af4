using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Governance.Core.Packages;
using Governance.Core.Ports;
using static Governance.Aws.Ledger.DecisionItem;

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
        new("PutItem", ["dynamodb:PutItem"], "TryBeginAsync, CompleteAsync, ReopenAsync: conditional puts of a whole record."),
        new("UpdateItem", ["dynamodb:UpdateItem"], "MarkActedAsync, MarkNotifiedAsync, MarkNotificationStartedAsync and RecordReceiptAsync: conditional updates."),
        new("GetItem", ["dynamodb:GetItem"], "GetAsync and classifying a lost claim or receipt (consistent read)."),
        new("Query", ["dynamodb:Query"], "RevisionsAsync: the decisions of one version (the table's partition key), for a revision a status change made."),
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
        // Not RevisionsAsync's Query on the table: a re-evaluation that finds new content reviews it afresh.
        .. Operations.Where(o => o.Name != "Query"),
        new("Query", ["dynamodb:Query"], "DueAsync: the decisions due now, from the due index."),
        new("Scan", ["dynamodb:Scan"], "DecidedAsync: every decided item after a policy change, a page at a time."),
    ];

    /// <summary>What a subscriber that only records delivery receipts calls (the notify function).</summary>
    public static IReadOnlyList<AwsOperation> ReceiptOperations { get; } =
        [.. Operations.Where(o => o.Name is "UpdateItem" or "GetItem")];

    /// <summary>The sweep's own item, beside the decisions (its key is no version key: those start with the domain).</summary>
    private static readonly DecisionKey SweepKey = new("#sweep", "#state");

    private readonly TimeSpan _retention = retention ?? LedgerRetention.Default;

    public async Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = clock.UtcNow;
        try
        {
            var response = await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(DecisionRecord.Claim(key, holder, now + lease, now) with { ExpiresAt = now + _retention }),
                // Free, or in progress by a holder whose lease has expired, or re-entered by the same holder.
                // An item past its TTL counts as gone: DynamoDB deletes expired items lazily.
                ConditionExpression = "attribute_not_exists(#pk) OR #ttl <= :nowSeconds OR (#state = :inProgress AND (#lease < :now OR #holder = :holder))",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#state"] = "state", ["#lease"] = "leaseExpires", ["#holder"] = "holder", ["#ttl"] = TtlAttribute },
                ExpressionAttributeValues = new()
                {
                    [":inProgress"] = Str(nameof(DecisionState.InProgress)),
                    [":now"] = Number(now.ToUnixTimeMilliseconds()),
                    [":nowSeconds"] = Number(now.ToUnixTimeSeconds()),
                    [":holder"] = Str(holder),
                },
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken);
            var previous = response.Attributes is { Count: > 0 } old && FromItem(old) is { } oldRecord && oldRecord.ExpiresAt > now ? oldRecord : null;
            return new LedgerClaim(LedgerClaimKind.Claimed, previous);
        }
        catch (ConditionalCheckFailedException)
        {
            var existing = await GetAsync(key, cancellationToken);
            return existing is { State: not DecisionState.InProgress }
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
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(record with { State = DecisionState.Decided, UpdatedAt = now, ExpiresAt = now + _retention }),
                // Only the holder of the claim decides.
                ConditionExpression = "attribute_exists(#pk) AND #holder = :holder AND #state = :inProgress",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#holder"] = "holder", ["#state"] = "state" },
                ExpressionAttributeValues = new() { [":holder"] = Str(record.Holder), [":inProgress"] = Str(nameof(DecisionState.InProgress)) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new LedgerConflictException($"Decision {record.Key} is not held by {record.Holder}; another holder took it over or it was never claimed.", e);
        }
    }

    public async Task<bool> ReopenAsync(DecisionRecord reopened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reopened);
        var now = clock.UtcNow;
        var previous = reopened.Evaluation - 1;
        var values = new Dictionary<string, AttributeValue>();
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = ToItem(reopened with { State = DecisionState.Decided, UpdatedAt = now, ExpiresAt = now + _retention }),
                // Still the evaluation this one follows, and finished (legacy items have no evaluation: they are the first).
                ConditionExpression = FinishedAt(previous, values),
                ExpressionAttributeNames = new() { ["#evaluation"] = "evaluation", ["#state"] = "state" },
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<bool> RescheduleAsync(DecisionKey key, int evaluation, DateTimeOffset? dueAt, string policyDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var values = new Dictionary<string, AttributeValue>
        {
            [":digest"] = Str(policyDigest),
            [":updated"] = Number(clock.UtcNow.ToUnixTimeMilliseconds()),
        };
        string update;
        if (dueAt is { } due)
        {
            values[":shard"] = Str(DueShard);
            values[":due"] = Number(due.ToUnixTimeMilliseconds());
            update = "SET policyDigest = :digest, updatedAt = :updated, #shard = :shard, #due = :due";
        }
        else
        {
            update = "SET policyDigest = :digest, updatedAt = :updated REMOVE #shard, #due";
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(key),
                ConditionExpression = "attribute_exists(#pk) AND " + FinishedAt(evaluation, values),
                UpdateExpression = update,
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#evaluation"] = "evaluation", ["#state"] = "state", ["#shard"] = DueShardAttribute, ["#due"] = DueAtAttribute },
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public Task MarkActedAsync(DecisionKey key, bool applied, PackageVersionStatus resultingStatus, CancellationToken cancellationToken) =>
        TransitionAsync(key, DecisionState.Decided, "SET #state = :to, actionApplied = :applied, resultingStatus = :resulting", new()
        {
            [":to"] = Str(nameof(DecisionState.Acted)),
            [":applied"] = new AttributeValue { BOOL = applied },
            [":resulting"] = Str(resultingStatus.ToString()),
        }, "has no decision to mark as acted on", cancellationToken);

    public async Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        try
        {
            await TransitionAsync(key, DecisionState.Acted, "SET #state = :to, notified = :true, notificationMessageId = :messageId", new()
            {
                [":to"] = Str(nameof(DecisionState.Notified)),
                [":true"] = new AttributeValue { BOOL = true },
                [":messageId"] = Str(messageId),
            }, "has no decision acted on to mark as notified", cancellationToken);
        }
        catch (LedgerConflictException)
        {
            // A retried step finds the decision already marked: nothing to do. Anything else is the conflict.
            if ((await GetAsync(key, cancellationToken))?.State != DecisionState.Notified)
            {
                throw;
            }
        }
    }

    public Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        TransitionAsync(key, DecisionState.Acted, "SET notificationStartedAt = :started", new()
        {
            [":started"] = Number(startedAt.ToUnixTimeMilliseconds()),
        }, "has no decision acted on whose notification could start", cancellationToken);

    public async Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, int evaluation, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        try
        {
            // The first receipt of this evaluation wins: SNS may deliver a message twice, and the first id is the one published.
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(key),
                ConditionExpression = "attribute_exists(#pk) AND #state <> :inProgress AND attribute_not_exists(receiptMessageId) AND " +
                                      (evaluation == 1 ? "(attribute_not_exists(#evaluation) OR #evaluation = :evaluation)" : "#evaluation = :evaluation"),
                UpdateExpression = "SET receiptMessageId = :messageId, receivedAt = :received, updatedAt = :updated",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#state"] = "state", ["#evaluation"] = "evaluation" },
                ExpressionAttributeValues = new()
                {
                    [":inProgress"] = Str(nameof(DecisionState.InProgress)),
                    [":evaluation"] = Number(evaluation),
                    [":messageId"] = Str(messageId),
                    [":received"] = Number(receivedAt.ToUnixTimeMilliseconds()),
                    [":updated"] = Number(clock.UtcNow.ToUnixTimeMilliseconds()),
                },
            }, cancellationToken);
            return ReceiptResult.Recorded;
        }
        catch (ConditionalCheckFailedException)
        {
            var existing = await GetAsync(key, cancellationToken);
            return existing is null or { State: DecisionState.InProgress } ? ReceiptResult.UnknownDecision : ReceiptResult.AlreadyRecorded;
        }
    }

    public async Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = KeyOf(key), ConsistentRead = true }, cancellationToken);
        var record = response.Item is { Count: > 0 } item ? FromItem(item) : null;
        return record is not null && record.ExpiresAt > clock.UtcNow ? record : null;
    }

    public Task<IReadOnlyList<DecisionRecord>> RevisionsAsync(string versionKey, CancellationToken cancellationToken) =>
        LedgerRevisionQuery.QueryAsync(dynamo, tableName, versionKey, clock.UtcNow, cancellationToken);

    public async Task<IReadOnlyList<DecisionRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            IndexName = DueIndexName,
            KeyConditionExpression = "#shard = :shard AND #due <= :now",
            ExpressionAttributeNames = new() { ["#shard"] = DueShardAttribute, ["#due"] = DueAtAttribute },
            ExpressionAttributeValues = new() { [":shard"] = Str(DueShard), [":now"] = Number(now.ToUnixTimeMilliseconds()) },
            Limit = limit,
        }, cancellationToken);
        var live = clock.UtcNow;
        return [.. response.Items.Select(FromItem).Where(r => r.ExpiresAt > live)];
    }

    public async Task<LedgerPage> FinishedAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var response = await dynamo.ScanAsync(new ScanRequest
        {
            TableName = tableName,
            ExclusiveStartKey = cursor is null ? null : DecodeCursor(cursor),
            FilterExpression = "#state IN (:acted, :notified, :decided)",
            ExpressionAttributeNames = new() { ["#state"] = "state" },
            ExpressionAttributeValues = new()
            {
                [":acted"] = Str(nameof(DecisionState.Acted)),
                [":notified"] = Str(nameof(DecisionState.Notified)),
                [":decided"] = Str(nameof(DecisionState.Decided)),
            },
            Limit = limit,
            ConsistentRead = true,
        }, cancellationToken);
        var now = clock.UtcNow;
        var records = response.Items.Select(FromItem).Where(r => r.Finished && r.ExpiresAt > now).ToList();
        return new LedgerPage(records, response.LastEvaluatedKey is { Count: > 0 } last ? EncodeCursor(last) : null);
    }

    public async Task<SweepState?> GetSweepStateAsync(CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = KeyOf(SweepKey), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item && Text(item, "policyDigest") is { } digest
            ? new SweepState(digest, Text(item, "cursor"), Time(item, "updatedAt") ?? DateTimeOffset.UnixEpoch)
            : null;
    }

    public Task SaveSweepStateAsync(SweepState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var item = KeyOf(SweepKey);
        item["policyDigest"] = Str(state.PolicyDigest);
        item["updatedAt"] = Number(state.UpdatedAt.ToUnixTimeMilliseconds());
        if (state.Cursor is not null)
        {
            item["cursor"] = Str(state.Cursor);
        }

        return dynamo.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item }, cancellationToken);
    }

    /// <summary>
    /// The condition "finished at evaluation <paramref name="evaluation"/>": acted on or notified. An item written
    /// before evaluations existed has none and says "Decided" once it was acted on: it is finished at evaluation 1.
    /// Adds the values it uses (DynamoDB refuses unused ones).
    /// </summary>
    private static string FinishedAt(int evaluation, Dictionary<string, AttributeValue> values)
    {
        values[":evaluation"] = Number(evaluation);
        values[":acted"] = Str(nameof(DecisionState.Acted));
        values[":notified"] = Str(nameof(DecisionState.Notified));
        const string current = "(#evaluation = :evaluation AND #state IN (:acted, :notified))";
        if (evaluation != 1)
        {
            return current;
        }

        values[":legacyDecided"] = Str(nameof(DecisionState.Decided));
        return $"({current} OR (attribute_not_exists(#evaluation) AND #state IN (:legacyDecided, :notified)))";
    }

    /// <summary>
    /// A conditional update of a record in state <paramref name="from"/>: <c>{update}, updatedAt</c>. A failed
    /// condition is a <see cref="LedgerConflictException"/> named by <paramref name="problem"/>.
    /// </summary>
    private async Task TransitionAsync(DecisionKey key, DecisionState from, string update, Dictionary<string, AttributeValue> values, string problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        values[":from"] = Str(from.ToString());
        values[":updated"] = Number(clock.UtcNow.ToUnixTimeMilliseconds());
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(key),
                ConditionExpression = "attribute_exists(#pk) AND #state = :from",
                UpdateExpression = $"{update}, updatedAt = :updated",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionKey, ["#state"] = "state" },
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException e)
        {
            throw new LedgerConflictException($"Decision {key} {problem}.", e);
        }
    }

    /// <summary>Creates the table with its due index (local stacks and tests; in AWS the SAM template owns it).</summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB dynamo, string tableName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
            AttributeDefinitions =
            [
                new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(SortKey, ScalarAttributeType.S),
                new AttributeDefinition(DueShardAttribute, ScalarAttributeType.S),
                new AttributeDefinition(DueAtAttribute, ScalarAttributeType.N),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = DueIndexName,
                    KeySchema = [new KeySchemaElement(DueShardAttribute, KeyType.HASH), new KeySchemaElement(DueAtAttribute, KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        }, cancellationToken);
        await dynamo.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = tableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TtlAttribute, Enabled = true },
        }, cancellationToken);
    }

    private static string EncodeCursor(Dictionary<string, AttributeValue> key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
            new[] { Text(key, PartitionKey) ?? "", Text(key, SortKey) ?? "" }, CursorJsonContext.Default.StringArray)));

    private static Dictionary<string, AttributeValue> DecodeCursor(string cursor)
    {
        var parts = JsonSerializer.Deserialize(Convert.FromBase64String(cursor), CursorJsonContext.Default.StringArray);
        return parts is { Length: 2 }
            ? KeyOf(new DecisionKey(parts[0], parts[1]))
            : throw new ArgumentException("the ledger cursor is not one this ledger wrote", nameof(cursor));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class CursorJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
