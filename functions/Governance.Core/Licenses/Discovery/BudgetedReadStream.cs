namespace Governance.Core.Licenses.Discovery;

/// <summary>Counts what passes through (the compressed side of a tar.gz), for the ratio bound.</summary>
internal sealed class CountingReadStream(Stream inner) : ForwardReadStream
{
    public long Count { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count += read;
        return read;
    }
}

/// <summary>The inflated side of a tar.gz: every byte counts against the budget (total and ratio).</summary>
internal sealed class BudgetedReadStream(Stream inflated, CountingReadStream compressed, ReadBudget budget, string what) : ForwardReadStream
{
    private long _inflated;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inflated.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _inflated += read;
        budget.CountInflated(read, _inflated, compressed.Count, what);
        return read;
    }
}
