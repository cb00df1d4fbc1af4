using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Governance.Aws.Ledger;
using Governance.Aws.Tests.Support;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Ledger;

/// <summary>The ledger contract against DynamoDB as moto_server implements it.</summary>
[Collection(MotoServerGroup.Name)]
public sealed class DynamoDbDecisionLedgerTests : DecisionLedgerContractTests, IAsyncLifetime
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
        Assert.Equal(record.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), item[DynamoDbDecisionLedger.TtlAttribute].N);
        Assert.Equal("Decided", item["state"].S);
        var ttl = await _dynamo.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = _table });
        Assert.Equal(DynamoDbDecisionLedger.TtlAttribute, ttl.TimeToLiveDescription.AttributeName);
    }
}
