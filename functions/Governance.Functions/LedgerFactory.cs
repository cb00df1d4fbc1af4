using Amazon.DynamoDBv2;
using Governance.Aws.Ledger;
using Governance.Core.Ports;

namespace Governance.Functions;

/// <summary>
/// The decision ledger from the environment: DynamoDB when <c>GOVERNANCE_LEDGER_TABLE</c> is set (deployed), the
/// file ledger in <c>GOVERNANCE_LEDGER_DIR</c> otherwise (the local stack).
/// </summary>
public static class LedgerFactory
{
    public static IDecisionLedger FromEnvironment(Func<string, string?> environment, IClock? clock = null) =>
        TryFromEnvironment(environment, clock) ?? throw new FunctionConfigurationException(
            "neither GOVERNANCE_LEDGER_TABLE (a DynamoDB table name) nor GOVERNANCE_LEDGER_DIR (a local folder) is set: the review function needs a decision ledger");

    /// <summary>The ledger the environment names, or null when it names none.</summary>
    public static IDecisionLedger? TryFromEnvironment(Func<string, string?> environment, IClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("GOVERNANCE_LEDGER_TABLE") is { Length: > 0 } table)
        {
            return new DynamoDbDecisionLedger(new AmazonDynamoDBClient(), table, clock ?? SystemClock.Instance);
        }

        return environment("GOVERNANCE_LEDGER_DIR") is { Length: > 0 } folder
            ? new FileDecisionLedger(folder, clock ?? SystemClock.Instance)
            : null;
    }
}
