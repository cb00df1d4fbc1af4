namespace Governance.Aws.Ledger;

/// <summary>
/// A ledger write lost its condition: the key is held by another holder, or there is no decision to mark. Derives
/// from <see cref="InvalidOperationException"/> so Core code (which knows no adapter types) can catch it as such.
/// (The port, <c>IDecisionLedger</c>, names no exception for this; this adapter-side type fills the gap.)
/// </summary>
public sealed class LedgerConflictException : InvalidOperationException
{
    public LedgerConflictException() { }
    public LedgerConflictException(string message) : base(message) { }
    public LedgerConflictException(string message, Exception innerException) : base(message, innerException) { }
}
