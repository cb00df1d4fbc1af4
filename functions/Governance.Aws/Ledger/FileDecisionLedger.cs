using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Aws.Ledger;

/// <summary>
/// <see cref="IDecisionLedger"/> for the local stack and the CLI: one JSON file per decision under
/// <c>{dataFolder}/decisions</c>, with the same claim/lease/state semantics as <see cref="DynamoDbDecisionLedger"/>.
/// Each read-modify-write runs under an exclusive lock on <c>ledger.lock</c> (an OS file lock, so it holds across
/// processes), and every file is written to a temporary name and renamed over the old one, so a crash never leaves
/// half a record. The due and finished listings read every record: fine for a local ledger of thousands; the
/// listing of one version's revisions, which every review asks for, reads only that version's
/// (<see cref="LedgerVersionIndex"/>).
/// </summary>
public sealed partial class FileDecisionLedger : IDecisionLedger, IDisposable
{
    private const string RecordExtension = ".json";
    private readonly string _folder;
    private readonly string _sweepPath;
    private readonly LedgerFileLock _lock;
    private readonly LedgerVersionIndex _versions;
    private readonly IClock _clock;
    private readonly TimeSpan _retention;

    public FileDecisionLedger(string dataFolder, IClock clock, TimeSpan? retention = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        _folder = Path.Combine(dataFolder, "decisions");
        Directory.CreateDirectory(_folder);
        _sweepPath = Path.Combine(_folder, "sweep.state");
        _lock = new LedgerFileLock(Path.Combine(_folder, "ledger.lock"));
        _versions = new LedgerVersionIndex(_folder);
        _clock = clock;
        _retention = retention ?? LedgerRetention.Default;
    }

    public Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        return _lock.RunAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is { State: not DecisionState.InProgress })
            {
                return new LedgerClaim(LedgerClaimKind.AlreadyDecided, existing);
            }

            if (existing is not null && existing.LeaseExpires >= now && existing.Holder != holder)
            {
                return new LedgerClaim(LedgerClaimKind.HeldByOther, existing);
            }

            Write(DecisionRecord.Claim(key, holder, now + lease, now), now);
            return new LedgerClaim(LedgerClaimKind.Claimed, existing);
        }, cancellationToken);
    }

    public Task CompleteAsync(DecisionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _lock.RunAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(record.Key, now);
            if (existing is not { State: DecisionState.InProgress } || existing.Holder != record.Holder)
            {
                throw new LedgerConflictException($"Decision {record.Key} is not held by {record.Holder}; another holder took it over or it was never claimed.");
            }

            Write(record with { State = DecisionState.Decided, UpdatedAt = now }, now);
            return true;
        }, cancellationToken);
    }

    public Task<bool> ReopenAsync(DecisionRecord reopened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reopened);
        return _lock.RunAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(reopened.Key, now);
            if (existing is not { Finished: true } || existing.Evaluation != reopened.Evaluation - 1)
            {
                return false;
            }

            Write(reopened with { State = DecisionState.Decided, UpdatedAt = now }, now);
            return true;
        }, cancellationToken);
    }

    public Task<bool> RescheduleAsync(DecisionKey key, int evaluation, DateTimeOffset? dueAt, string policyDigest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _lock.RunAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is not { Finished: true } || existing.Evaluation != evaluation)
            {
                return false;
            }

            Write(existing with { DueAt = dueAt, PolicyDigest = policyDigest, UpdatedAt = now }, now);
            return true;
        }, cancellationToken);
    }

    public Task MarkActedAsync(DecisionKey key, bool applied, PackageVersionStatus resultingStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return UpdateAsync(key, DecisionState.Decided, (decided, now) => decided with
        {
            State = DecisionState.Acted,
            ActionApplied = applied,
            ResultingStatus = resultingStatus,
            UpdatedAt = now,
        }, "has no decision to mark as acted on", cancellationToken);
    }

    public Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return UpdateAsync(key, DecisionState.Acted, (acted, now) => acted with { State = DecisionState.Notified, NotificationMessageId = messageId, UpdatedAt = now },
            "has no decision acted on to mark as notified", cancellationToken, alreadyDone: DecisionState.Notified);
    }

    public Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return UpdateAsync(key, DecisionState.Acted, (acted, now) => acted with { NotificationStartedAt = startedAt, UpdatedAt = now },
            "has no decision acted on whose notification could start", cancellationToken);
    }

    public Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, int evaluation, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return _lock.RunAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is null || existing.State == DecisionState.InProgress)
            {
                return ReceiptResult.UnknownDecision;
            }

            if (existing.ReceiptMessageId is not null || existing.Evaluation != evaluation)
            {
                return ReceiptResult.AlreadyRecorded;
            }

            Write(existing with { ReceiptMessageId = messageId, ReceivedAt = receivedAt, UpdatedAt = now }, now);
            return ReceiptResult.Recorded;
        }, cancellationToken);
    }

    public Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _lock.RunAsync(() => Read(key, _clock.UtcNow), cancellationToken);
    }

    public Task<IReadOnlyList<DecisionRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        _lock.RunAsync<IReadOnlyList<DecisionRecord>>(() =>
            [.. ReadAll(_clock.UtcNow).Select(pair => pair.Record).Where(r => r.DueAt is { } due && due <= now).OrderBy(r => r.DueAt).Take(limit)],
            cancellationToken);

    public Task<LedgerPage> FinishedAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        _lock.RunAsync(() =>
        {
            var page = ReadAll(_clock.UtcNow)
                .Where(pair => cursor is null || string.CompareOrdinal(pair.File, cursor) > 0)
                .Where(pair => pair.Record.Finished)
                .Take(limit + 1)
                .ToList();
            var records = page.Take(limit).ToList();
            return new LedgerPage([.. records.Select(pair => pair.Record)], page.Count > limit ? records[^1].File : null);
        }, cancellationToken);

    public Task<SweepState?> GetSweepStateAsync(CancellationToken cancellationToken) =>
        _lock.RunAsync(() => File.Exists(_sweepPath) ? JsonSerializer.Deserialize(File.ReadAllBytes(_sweepPath), LedgerJsonContext.Default.SweepState) : null,
            cancellationToken);

    public Task SaveSweepStateAsync(SweepState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _lock.RunAsync(() =>
        {
            AtomicWrite(_sweepPath, stream => JsonSerializer.Serialize(stream, state, LedgerJsonContext.Default.SweepState));
            return true;
        }, cancellationToken);
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Rewrites a record in state <paramref name="from"/> under the lock; a missing record, or one in another state,
    /// is a conflict named by <paramref name="problem"/> (a record already in <paramref name="alreadyDone"/> is left
    /// as it is: a retried step).
    /// </summary>
    private Task<bool> UpdateAsync(DecisionKey key, DecisionState from, Func<DecisionRecord, DateTimeOffset, DecisionRecord> update, string problem,
        CancellationToken cancellationToken, DecisionState? alreadyDone = null) =>
        _lock.RunAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is not null && existing.State == alreadyDone)
            {
                return false;
            }

            if (existing is null || existing.State != from)
            {
                throw new LedgerConflictException($"Decision {key} {problem} (it is {existing?.State.ToString() ?? "absent"}).");
            }

            Write(update(existing, now), now);
            return true;
        }, cancellationToken);

    /// <summary>The file of a key: a hash, because version keys hold characters no file system likes.</summary>
    private string PathOf(DecisionKey key) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.VersionKey + "\n" + key.Revision))) + RecordExtension);

    /// <summary>Reads a record; one past its expiry is gone, as DynamoDB's TTL would (eventually) make it.</summary>
    private DecisionRecord? Read(DecisionKey key, DateTimeOffset now) => ReadFile(PathOf(key), now);

    private static DecisionRecord? ReadFile(string path, DateTimeOffset now)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), LedgerJsonContext.Default.DecisionRecord);
        return record is null || record.ExpiresAt <= now ? null : record;
    }

    /// <summary>Every live record with its file name, in file-name order (the paging order).</summary>
    private IEnumerable<(string File, DecisionRecord Record)> ReadAll(DateTimeOffset now)
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "*" + RecordExtension).Order(StringComparer.Ordinal))
        {
            if (ReadFile(path, now) is { } record)
            {
                yield return (Path.GetFileName(path), record);
            }
        }
    }

    private void Write(DecisionRecord record, DateTimeOffset now)
    {
        var path = PathOf(record.Key);
        if (!File.Exists(path))
        {
            _versions.Add(record.Key);
        }

        AtomicWrite(path, stream => JsonSerializer.Serialize(stream, record with { ExpiresAt = now + _retention }, LedgerJsonContext.Default.DecisionRecord));
    }

    private static void AtomicWrite(string path, Action<Stream> write)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(DecisionRecord))]
[JsonSerializable(typeof(SweepState))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext
{
}
