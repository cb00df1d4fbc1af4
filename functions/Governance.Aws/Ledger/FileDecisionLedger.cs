using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Core.Ports;

namespace Governance.Aws.Ledger;

/// <summary>
/// <see cref="IDecisionLedger"/> for the local stack: one JSON file per decision under <c>{dataFolder}/decisions</c>,
/// with the same claim/lease/complete semantics as <see cref="DynamoDbDecisionLedger"/>. Each read-modify-write runs
/// under an exclusive lock on <c>ledger.lock</c> (an OS file lock, so it holds across processes), and every file is
/// written to a temporary name and renamed over the old one, so a crash never leaves half a record.
/// </summary>
public sealed class FileDecisionLedger : IDecisionLedger, IDisposable
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly string _lockPath;
    private readonly IClock _clock;
    private readonly TimeSpan _retention;
    private readonly SemaphoreSlim _inProcess = new(1, 1);

    public FileDecisionLedger(string dataFolder, IClock clock, TimeSpan? retention = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        _folder = Path.Combine(dataFolder, "decisions");
        Directory.CreateDirectory(_folder);
        _lockPath = Path.Combine(_folder, "ledger.lock");
        _clock = clock;
        _retention = retention ?? TimeSpan.FromDays(400);
    }

    public Task<LedgerClaim> TryBeginAsync(DecisionKey key, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        return LockedAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is { State: DecisionState.Decided })
            {
                return new LedgerClaim(LedgerClaimKind.AlreadyDecided, existing);
            }

            if (existing is not null && existing.LeaseExpires >= now && existing.Holder != holder)
            {
                return new LedgerClaim(LedgerClaimKind.HeldByOther, existing);
            }

            Write(new DecisionRecord(key, DecisionState.InProgress, holder, now + lease, null, null, false, null, false, null, now, now + _retention));
            return new LedgerClaim(LedgerClaimKind.Claimed, existing);
        }, cancellationToken);
    }

    public Task CompleteAsync(DecisionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return LockedAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(record.Key, now);
            if (existing is null || existing.Holder != record.Holder)
            {
                throw new LedgerConflictException($"Decision {record.Key} is not held by {record.Holder}; another holder took it over or it was never claimed.");
            }

            Write(record with { State = DecisionState.Decided, UpdatedAt = now });
            return true;
        }, cancellationToken);
    }

    public Task MarkNotifiedAsync(DecisionKey key, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return UpdateDecidedAsync(key, (decided, now) => decided with { Notified = true, NotificationMessageId = messageId, UpdatedAt = now },
            "has no completed decision to mark as notified", cancellationToken);
    }

    public Task MarkNotificationStartedAsync(DecisionKey key, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return UpdateDecidedAsync(key, (decided, now) => decided with { NotificationStartedAt = startedAt, UpdatedAt = now },
            "has no completed decision whose notification could start", cancellationToken);
    }

    public Task<ReceiptResult> RecordReceiptAsync(DecisionKey key, string messageId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return LockedAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is not { State: DecisionState.Decided })
            {
                return ReceiptResult.UnknownDecision;
            }

            if (existing.ReceiptMessageId is not null)
            {
                return ReceiptResult.AlreadyRecorded;
            }

            Write(existing with { ReceiptMessageId = messageId, ReceivedAt = receivedAt, UpdatedAt = now });
            return ReceiptResult.Recorded;
        }, cancellationToken);
    }

    public Task<DecisionRecord?> GetAsync(DecisionKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return LockedAsync(() => Read(key, _clock.UtcNow), cancellationToken);
    }

    public void Dispose() => _inProcess.Dispose();

    /// <summary>Rewrites a decided record under the lock; a missing or undecided one is a conflict named by <paramref name="problem"/>.</summary>
    private Task<bool> UpdateDecidedAsync(DecisionKey key, Func<DecisionRecord, DateTimeOffset, DecisionRecord> update, string problem, CancellationToken cancellationToken) =>
        LockedAsync(() =>
        {
            var now = _clock.UtcNow;
            var existing = Read(key, now);
            if (existing is not { State: DecisionState.Decided })
            {
                throw new LedgerConflictException($"Decision {key} {problem}.");
            }

            Write(update(existing, now));
            return true;
        }, cancellationToken);

    /// <summary>The file of a key: a hash, because version keys hold characters no file system likes.</summary>
    private string PathOf(DecisionKey key) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.VersionKey + "\n" + key.Revision))) + ".json");

    /// <summary>Reads a record; one past its expiry is gone, as DynamoDB's TTL would (eventually) make it.</summary>
    private DecisionRecord? Read(DecisionKey key, DateTimeOffset now)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), LedgerJsonContext.Default.DecisionRecord);
        return record is null || record.ExpiresAt <= now ? null : record;
    }

    private void Write(DecisionRecord record)
    {
        var path = PathOf(record.Key);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, record, LedgerJsonContext.Default.DecisionRecord);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private async Task<T> LockedAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _inProcess.WaitAsync(cancellationToken);
        try
        {
            using var fileLock = await AcquireFileLockAsync(cancellationToken);
            return action();
        }
        finally
        {
            _inProcess.Release();
        }
    }

    private async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process holds the ledger: wait briefly and try again, bounded by LockTimeout.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25)), cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Could not lock the decision ledger at {_lockPath} within {LockTimeout.TotalSeconds} s.", e);
            }
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(DecisionRecord))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext
{
}
