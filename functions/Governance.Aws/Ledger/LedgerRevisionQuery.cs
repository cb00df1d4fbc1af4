using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Governance.Core.Ports;
using static Governance.Aws.Ledger.DecisionItem;

namespace Governance.Aws.Ledger;

/// <summary>
/// <see cref="IDecisionLedger.RevisionsAsync"/> on DynamoDB: a Query on the table's partition key (the version), every
/// page of it (a version has a handful of revisions, but a page is bounded by size, not count), consistent so that a
/// decision recorded a moment ago is seen. Expired items still waiting for TTL's deletion count as gone.
/// </summary>
internal static class LedgerRevisionQuery
{
    public static async Task<IReadOnlyList<DecisionRecord>> QueryAsync(
        IAmazonDynamoDB dynamo, string tableName, string versionKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionKey);
        var records = new List<DecisionRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                KeyConditionExpression = "#pk = :version",
                ExpressionAttributeNames = new() { ["#pk"] = DynamoDbDecisionLedger.PartitionKey },
                ExpressionAttributeValues = new() { [":version"] = Str(versionKey) },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken).ConfigureAwait(false);
            records.AddRange(response.Items.Select(FromItem).Where(r => r.ExpiresAt > now));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return records;
    }
}
