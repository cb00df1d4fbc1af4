using Governance.Core.Evidence;
using Governance.Core.Integrity;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Core.Licenses.Discovery;

/// <summary>
/// Reads licenses out of a version's assets while the review streams them for hashing, then follows a Maven
/// version's parent POMs. One per version review:
/// <list type="number">
/// <item>for each download, <see cref="SinkFor"/> gives the sink to pass to <see cref="StreamVerifier"/> (null for an
/// asset not worth reading); a later download of the same asset replaces the earlier one's result;</item>
/// <item>after the assets, <see cref="FinishAsync"/> awaits the readers and returns the <see cref="LicenseDiscovery"/>.</item>
/// </list>
/// </summary>
/// <remarks>
/// Each read runs concurrently with the hashing, fed through a bounded in-memory pipe of copied pooled chunks
/// (<see cref="LicenseDiscoveryOptions.PipeCapacity"/>): memory is a few MiB per asset in flight whatever its size.
/// The pipe applies backpressure while the reader reads; once it finishes or stops at a bound, further chunks are
/// dropped without a copy, so the hashing never waits on a reader that has nothing left to do.
/// </remarks>
public sealed class LicenseDiscoveryScan : IAsyncDisposable
{
    private readonly ArchiveLicenseReader _reader;
    private readonly LicenseDiscoveryOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Attempt> _latest = new(StringComparer.Ordinal);
    private readonly List<Attempt> _all = [];
    private bool _finished;

    public LicenseDiscoveryScan(LicenseDiscoveryOptions? options = null, LicenseTextMatcher? matcher = null)
    {
        _options = options ?? LicenseDiscoveryOptions.Default;
        _reader = new ArchiveLicenseReader(matcher ?? LicenseTextMatcher.Default, _options);
    }

    /// <summary>
    /// The sink for one download of <paramref name="asset"/>, or null when its name says it holds nothing to read
    /// (by extension: jar/war/aar/ear/zip/whl/nupkg/egg, tgz/tar.gz, and .pom). Call once per download attempt.
    /// </summary>
    public IChunkSink? SinkFor(AssetDescriptor asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var kind = ArchiveLicenseReader.KindOf(asset.Name);
        if (kind == ArchiveKind.None
            || (kind == ArchiveKind.Pom && !_options.FollowParentPom)
            || (kind is ArchiveKind.Zip or ArchiveKind.TarGz && !_options.ReadArchives))
        {
            return null;
        }
        var pipe = new ChunkPipe(_options.PipeCapacity);
        var cancellation = new CancellationTokenSource();
        var attempt = new Attempt(asset.Name, pipe, cancellation);
        Attempt? replaced;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _latest.TryGetValue(asset.Name, out replaced);
            _latest[asset.Name] = attempt;
            _all.Add(attempt);
        }
        if (replaced is not null)
        {
            replaced.Abandon();
        }
        attempt.Reading = Task.Run(() => ReadAsync(attempt), CancellationToken.None);
        return pipe;
    }

    /// <summary>
    /// Awaits every read, follows the Maven parent chain (for a <c>maven</c> version whose POM was streamed), and
    /// returns what was found. Never throws for bad content; cancellation propagates, and so do port faults other
    /// than not-found and unreadable (so the review retries).
    /// </summary>
    /// <param name="source">The repository parent POMs are read from; null where there is none (a local file): the
    /// parent chain is then not followed.</param>
    public async Task<LicenseDiscovery> FinishAsync(PackageVersionId id, IPackageSource? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        Attempt[] latest;
        Attempt[] all;
        lock (_gate)
        {
            _finished = true;
            latest = [.. _latest.Values];
            all = [.. _all];
        }
        // A download that never reached the verifier (the open failed after SinkFor) would leave its reader waiting:
        // whatever has not ended by now has stopped early.
        foreach (var attempt in all)
        {
            attempt.Pipe.OnCompleted(reachedEnd: false);
        }
        await using var registration = cancellationToken.Register(() =>
        {
            foreach (var attempt in all)
            {
                attempt.Abandon();
            }
        }).ConfigureAwait(false);
        foreach (var attempt in all)
        {
            if (attempt.Reading is { } reading)
            {
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var found = new List<DiscoveredLicense>();
        var notes = new List<string>();
        (string Name, byte[] Bytes)? pom = null;
        foreach (var attempt in latest.OrderBy(a => a.AssetName, StringComparer.Ordinal))
        {
            if (attempt.Reading is { IsFaulted: true } failed)
            {
                // Not content (the reader turns bad content into notes): a fault of the reader itself. The review
                // goes on without this asset's licenses, and says so.
                notes.Add($"{ArchiveLicenseReader.Sanitize(attempt.AssetName)} could not be read for licenses ({failed.Exception?.InnerException?.GetType().Name})");
                continue;
            }
            if (attempt.Reading is not { IsCompletedSuccessfully: true } done)
            {
                continue;
            }
            var result = done.Result;
            found.AddRange(result.Found);
            notes.AddRange(result.Notes);
            if (result.Pom is { } bytes && (pom is null || attempt.AssetName == $"{id.Name}-{id.Version}.pom"))
            {
                pom = (attempt.AssetName, bytes);
            }
        }
        if (source is not null && _options.FollowParentPom && string.Equals(id.Format, "maven", StringComparison.OrdinalIgnoreCase))
        {
            if (pom is { } captured)
            {
                await new MavenParentChain(source, _options)
                    .FollowAsync(id, captured.Bytes, captured.Name, found, notes, cancellationToken).ConfigureAwait(false);
            }
            else if (!notes.Any(n => n.Contains(".pom", StringComparison.OrdinalIgnoreCase)))
            {
                notes.Add("no POM was streamed, so the parent chain was not followed");
            }
        }
        return new LicenseDiscovery(found.Distinct().ToList(), notes.Distinct(StringComparer.Ordinal).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        Attempt[] all;
        lock (_gate)
        {
            _finished = true;
            all = [.. _all];
        }
        foreach (var attempt in all)
        {
            attempt.Abandon();
            if (attempt.Reading is { } reading)
            {
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            attempt.Cancellation.Dispose();
        }
    }

    private async Task<ArchiveScanResult> ReadAsync(Attempt attempt)
    {
        try
        {
            var stream = new ChunkPipeReadStream(attempt.Pipe);
            await using (stream.ConfigureAwait(false))
            {
                return await _reader.ReadAsync(stream, attempt.AssetName, attempt.Cancellation.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            attempt.Pipe.CloseFromReader();
        }
    }

    private sealed class Attempt(string assetName, ChunkPipe pipe, CancellationTokenSource cancellation)
    {
        public string AssetName { get; } = assetName;
        public ChunkPipe Pipe { get; } = pipe;
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public Task<ArchiveScanResult>? Reading { get; set; }

        public void Abandon()
        {
            Pipe.OnCompleted(reachedEnd: false);
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed with the scan.
            }
        }
    }
}
