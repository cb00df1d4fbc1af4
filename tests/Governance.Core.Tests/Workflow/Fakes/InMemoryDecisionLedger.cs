using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Core.Tests.Workflow.Fakes;

/// <summary>
/// The ledger contract in memory, for the reviewer's unit tests: the same transitions and conditions as the file and
/// DynamoDB ledgers (which the contract tests in Governance.Aws.Tests hold to it), under one lock.
/// </summary>
public sealed class InMemoryDecisionLedger(IClock clock) : IDecisionLedger
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, DecisionRecord> _records = new(StringComparer.Ordinal);
    private SweepState? _sweep;

    public IReadOnlyList<DecisionRecord> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Values];
            }
        }
    }

    public Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken) => Locked(() =>
    {
        var now = clock.UtcNow;
        var existing = Get(key);
        if (existing is { State: not DecisionState.InProgress })
        {
            return new LedgerClaim(LedgerClaimKind.AlreadyDecided, existing);
        }

        if (existing is not null && existing.LeaseExpires >= now && existing.Holder != holder)
        {
            return new LedgerClaim(LedgerClaimKind.HeldByOther, existing);
        }

        Put(DecisionRecord.Claim(key, holder, now + lease, now));
        return new LedgerClaim(LedgerClaimKind.Claimed, existing);
    });

    public Task CompleteAsync(DecisionRecord record, CancellationToken cancellationToken) => Locked(() =>
    {
        var existing = Get(record.Key);
        if (existing is not { State: DecisionState.InProgress } || existing.Holder != record.Holder)
        {
            throw new InvalidOperationException($"Decision {record.Key} is not held by {record.Holder}.");
        }

        Put(record with { State = DecisionState.Decided, UpdatedAt = clock.UtcNow });
        return true;
    });

    public Task<bool> ReopenAsync(DecisionRecord reopened, CancellationToken cancellationToken) => Locked(() =>
    {
        var existing = Get(reopened.Key);
        if (existing is not { Finished: true } || existing.Evaluation != reopened.Evaluation - 1)
        {
            return false;
        }

        Put(reopened with { State = DecisionState.Decided, UpdatedAt = clock.UtcNow });
        return true;
    });

    public Task<bool> RescheduleAsync(DecisionKey key, int evaluation, DateTimeOffset? dueAt, string policyDigest, CancellationToken cancellationToken) => Locked(() =>
    {
        var existing = Get(key);
        if (existing is not { Finished: true } || existing.Evaluation != evaluation)
        {
            return false;
        }

        Put(existing with { DueAt = dueAt, PolicyDigest = policyDigest, UpdatedAt = clock.UtcNow });
        return true;
    });

    public Task MarkActedAsync(DecisionKey key, bool applied, PackageVersionStatus resultingStatus, CancellationToken cancellationToken) =>
        Transition(key, DecisionState.Decided, r => r with { State = DecisionState.Acted, ActionApplied = applied, ResultingStatus = resultingStatus });

    public Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken) => Locked(() =>
    {
        if (Get(key) is { State: DecisionState.Notified })
        {
            return true;
        }

        return TransitionLocked(key, DecisionState.Acted, r => r with { State = DecisionState.Notified, NotificationMessageId = messageId });
    });

    public Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        Transition(key, DecisionState.Acted, r => r with { NotificationStartedAt = startedAt });

    public Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, int evaluation, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken) => Locked(() =>
    {
        var existing = Get(key);
        if (existing is null or { State: DecisionState.InProgress })
        {
            return ReceiptResult.UnknownDecision;
        }

        if (existing.ReceiptMessageId is not null || existing.Evaluation != evaluation)
        {
            return ReceiptResult.AlreadyRecorded;
        }

        Put(existing with { ReceiptMessageId = messageId, ReceivedAt = receivedAt });
        return ReceiptResult.Recorded;
    });

    public Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken) => Locked(() => Get(key));

    public Task<IReadOnlyList<DecisionRecord>> RevisionsAsync(string versionKey, CancellationToken cancellationToken) => Locked<IReadOnlyList<DecisionRecord>>(() =>
        [.. _records.Values.Where(r => string.Equals(r.Key.VersionKey, versionKey, StringComparison.Ordinal))]);

    public Task<IReadOnlyList<DecisionRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) => Locked<IReadOnlyList<DecisionRecord>>(() =>
        [.. _records.Values.Where(r => r.DueAt is { } due && due <= now).OrderBy(r => r.DueAt).Take(limit)]);

    public Task<LedgerPage> FinishedAsync(string? cursor, int limit, CancellationToken cancellationToken) => Locked(() =>
    {
        var page = _records.Where(p => cursor is null || string.CompareOrdinal(p.Key, cursor) > 0).Where(p => p.Value.Finished).Take(limit + 1).ToList();
        var records = page.Take(limit).ToList();
        return new LedgerPage([.. records.Select(p => p.Value)], page.Count > limit ? records[^1].Key : null);
    });

    public Task<SweepState?> GetSweepStateAsync(CancellationToken cancellationToken) => Locked(() => _sweep);

    public Task SaveSweepStateAsync(SweepState state, CancellationToken cancellationToken) => Locked(() => _sweep = state);

    private Task<bool> Transition(DecisionKey key, DecisionState from, Func<DecisionRecord, DecisionRecord> update) => Locked(() => TransitionLocked(key, from, update));

    private bool TransitionLocked(DecisionKey key, DecisionState from, Func<DecisionRecord, DecisionRecord> update)
    {
        var existing = Get(key);
        if (existing is null || existing.State != from)
        {
            throw new InvalidOperationException($"Decision {key} is {existing?.State.ToString() ?? "absent"}, not {from}.");
        }

        Put(update(existing) with { UpdatedAt = clock.UtcNow });
        return true;
    }

    private DecisionRecord? Get(DecisionKey key) => _records.GetValueOrDefault(key.ToString());

    private void Put(DecisionRecord record) => _records[record.Key.ToString()] = record;

    private Task<T> Locked<T>(Func<T> action)
    {
        lock (_gate)
        {
            return Task.FromResult(action());
        }
    }
}
