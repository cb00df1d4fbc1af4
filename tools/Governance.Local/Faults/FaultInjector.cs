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

    public FaultInjector(FaultSettings settings)
    {
        _settings = settings ?? FaultSettings.None;
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
        lock (_gate)
        {
            _settings = settings;
            _random = new Random(settings.Seed);
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

    /// <summary>What to do to one asset download: nothing, cut the connection after N bytes, or flip a byte at N.</summary>
    public DownloadFault DownloadFault(long size)
    {
        lock (_gate)
        {
            if (Roll(_settings.Reset))
            {
                return new DownloadFault(DownloadFaultKind.Reset, size <= 1 ? 0 : _random.NextInt64(1, size));
            }

            if (size > 0 && Roll(_settings.Corrupt))
            {
                return new DownloadFault(DownloadFaultKind.Corrupt, _random.NextInt64(0, size));
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

public sealed record DownloadFault(DownloadFaultKind Kind, long Offset);
