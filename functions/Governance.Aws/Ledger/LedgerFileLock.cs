namespace Governance.Aws.Ledger;

/// <summary>
/// Serialises the file ledger's read-modify-writes: a semaphore within the process and an exclusive OS lock on a
/// file across processes (the local stack's function and a CLI scan may share one ledger).
/// </summary>
internal sealed class LedgerFileLock(string lockPath) : IDisposable
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _inProcess = new(1, 1);

    public async Task<T> RunAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _inProcess.WaitAsync(cancellationToken);
        try
        {
            using var fileLock = await AcquireAsync(cancellationToken);
            return action();
        }
        finally
        {
            _inProcess.Release();
        }
    }

    public void Dispose() => _inProcess.Dispose();

    private async Task<FileStream> AcquireAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process holds the ledger: wait briefly and try again, bounded by LockTimeout.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25)), cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Could not lock the decision ledger at {lockPath} within {LockTimeout.TotalSeconds} s.", e);
            }
        }
    }
}
