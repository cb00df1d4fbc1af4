using System.Net;
using Governance.Local.Edge;

namespace Governance.Local.Faults;

/// <summary>
/// Decides, from one seeded random sequence, which requests and events get a fault. The same seed and the same
/// order of requests give the same faults, so a chaos run can be replayed.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private Random _random;
    private FaultSettings _settings;
    private long _corruptions;

    public FaultInjector(FaultSettings settings)
    {
        _settings = settings ?? FaultSettings.None;
        _settings.Validate();
        _random = new Random(_settings.Seed);
    }

    public FaultSettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>Replaces the settings and restarts the random sequence from the new seed.</summary>
    public void Configure(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        lock (_gate)
        {
            _settings = settings;
            _random = new Random(settings.Seed);
            _corruptions = 0;
        }
    }

    /// <summary>A throttle or a server error instead of the real answer, or null to let the request through.</summary>
    public AwsError? RequestFault()
    {
        lock (_gate)
        {
            if (Roll(_settings.Throttle))
            {
                return new AwsError((HttpStatusCode)429, "ThrottlingException", "Rate exceeded", TimeSpan.FromSeconds(1));
            }

            if (Roll(_settings.ServerError))
            {
                return new AwsError(HttpStatusCode.InternalServerError, "InternalServerException", "An internal error occurred (injected fault); retry the request.");
            }

            return null;
        }
    }

    /// <summary>
    /// What to do to one asset download: nothing, cut the connection after N bytes, or change the byte at N.
    /// </summary>
    /// <remarks>
    /// Corruption models bytes damaged in transit, so it always changes a byte (a non-zero XOR mask) and never damages
    /// two downloads the same way: the mask steps through 1..255 with each corruption, so even a 1-byte asset, whose
    /// only possible offset is 0, hashes differently on consecutive corrupted downloads. (A fixed mask made every
    /// corrupted download of a 1-byte asset identical, which the reviewer rightly reads as tampering at rest: a false
    /// integrity verdict instead of a transit fault.) An empty asset has no byte to change and extra bytes would break
    /// its Content-Length, so its corruption is delivered as a dropped connection (a reset at 0).
    /// </remarks>
    public DownloadFault DownloadFault(long size)
    {
        lock (_gate)
        {
            if (Roll(_settings.Reset))
            {
                return new DownloadFault(DownloadFaultKind.Reset, size <= 1 ? 0 : _random.NextInt64(1, size));
            }

            if (Roll(_settings.Corrupt))
            {
                if (size <= 0)
                {
                    return new DownloadFault(DownloadFaultKind.Reset, 0);
                }

                var mask = (byte)(1 + (_corruptions++ % 255));
                return new DownloadFault(DownloadFaultKind.Corrupt, _random.NextInt64(0, size), mask);
            }

            return new DownloadFault(DownloadFaultKind.None, 0);
        }
    }

    public bool DuplicateEvent()
    {
        lock (_gate)
        {
            return Roll(_settings.DuplicateEvents);
        }
    }

    public bool ReorderEvent()
    {
        lock (_gate)
        {
            return Roll(_settings.ReorderEvents);
        }
    }

    // The roll is always drawn when the fault is enabled, so enabling one fault does not shift another's sequence
    // differently between runs with the same settings.
    private bool Roll(double probability) => probability > 0 && _random.NextDouble() < probability;
}

public enum DownloadFaultKind
{
    None,
    Reset,
    Corrupt,
}

/// <param name="Mask">For <see cref="DownloadFaultKind.Corrupt"/>: what the byte at <paramref name="Offset"/> is XORed with (never 0).</param>
public sealed record DownloadFault(DownloadFaultKind Kind, long Offset, byte Mask = 0x5A);
