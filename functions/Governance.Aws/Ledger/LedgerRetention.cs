namespace Governance.Aws.Ledger;

/// <summary>How long the ledgers keep a decision after its last write: past a year, so a yearly audit still finds it.</summary>
public static class LedgerRetention
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(400);
}
