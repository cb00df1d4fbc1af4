using Governance.Core.Ports;

namespace Governance.Aws.Ledger;

// The listing of one version's decisions across its revisions, through the per-version index (LedgerVersionIndex).
public sealed partial class FileDecisionLedger
{
    public Task<IReadOnlyList<DecisionRecord>> RevisionsAsync(string versionKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionKey);
        return _lock.RunAsync<IReadOnlyList<DecisionRecord>>(() =>
        {
            var now = _clock.UtcNow;
            _versions.EnsureBuilt(() => ReadAll(DateTimeOffset.MinValue).Select(pair => pair.Record.Key));
            return [.. _versions.Revisions(versionKey).Select(revision => Read(new DecisionKey(versionKey, revision), now)).OfType<DecisionRecord>()];
        }, cancellationToken);
    }
}
