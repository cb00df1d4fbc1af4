using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Governance.Aws.Ledger;
using Governance.Aws.Tests.Support;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Ledger;

/// <summary>The ledger contract against DynamoDB as moto_server implements it.</summary>
[Collection(MotoServerGroup.Name)]
public sealed class DynamoDbDecisionLedgerTests : DecisionRevisionsContractTests, IAsyncLifetime
{
    private readonly AmazonDynamoDBClient _dynamo;
    private readonly string _table = "decisions-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DynamoDbDecisionLedger _ledger;

    public DynamoDbDecisionLedgerTests(MotoServerFixture moto)
    {
        _dynamo = new AmazonDynamoDBClient(TestEnvironment.Credentials, new AmazonDynamoDBConfig().AtLoopback(moto.Endpoint));
        _ledger = new DynamoDbDecisionLedger(_dynamo, _table, Clock);
    }

    protected override IDecisionLedger Ledger => _ledger;

    public Task InitializeAsync() => DynamoDbDecisionLedger.CreateTableAsync(_dynamo, _table, Bounded());

    public Task DisposeAsync()
    {
        _dynamo.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Complete_WhenStored_ShouldWriteTheTtlAttributeInEpochSeconds()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        var record = Decided(key, "holder-a");
        await Ledger.CompleteAsync(record, Bounded());
        var item = (await _dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["versionKey"] = new AttributeValue { S = key.VersionKey }, ["revision"] = new AttributeValue { S = key.Revision } },
        })).Item;
        // The ledger owns retention: the record it is handed has none; the item expires a retention after the write.
        Assert.Equal((Clock.UtcNow + LedgerRetention.Default).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), item[DynamoDbDecisionLedger.TtlAttribute].N);
        Assert.Equal("Decided", item["state"].S);
        var ttl = await _dynamo.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = _table });
        Assert.Equal(DynamoDbDecisionLedger.TtlAttribute, ttl.TimeToLiveDescription.AttributeName);
    }

    [Fact]
    public async Task Get_WhenTheItemWasWrittenBeforeEvaluationsExisted_ShouldReadItsOldDecidedAsFinished()
    {
        // An item as the previous release wrote it: "Decided" after acting, "notified" a flag, no evaluation.
        var key = NewKey();
        var item = new Dictionary<string, AttributeValue>
        {
            ["versionKey"] = new() { S = key.VersionKey },
            ["revision"] = new() { S = key.Revision },
            ["state"] = new() { S = "Decided" },
            ["holder"] = new() { S = "review/old" },
            ["leaseExpires"] = new() { N = "0" },
            ["outcome"] = new() { S = "Fail" },
            ["action"] = new() { S = "Unlisted" },
            ["actionApplied"] = new() { BOOL = true },
            ["verdictJson"] = new() { S = "{}" },
            ["notified"] = new() { BOOL = true },
            ["updatedAt"] = new() { N = Clock.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
            [DynamoDbDecisionLedger.TtlAttribute] = new() { N = Clock.UtcNow.AddDays(30).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        };
        await _dynamo.PutItemAsync(new PutItemRequest { TableName = _table, Item = item });

        var read = await Ledger.GetAsync(key, Bounded());

        Assert.Equal(DecisionState.Notified, read?.State);
        Assert.Equal(1, read?.Evaluation);
        Assert.True(await Ledger.ReopenAsync(Decided(key, "sweep", evaluation: 2), Bounded()), "an old finished decision can be re-evaluated");
    }
}
