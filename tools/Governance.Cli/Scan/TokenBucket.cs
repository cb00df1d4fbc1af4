using System.Diagnostics;

namespace Governance.Cli.Scan;

/// <summary>
/// Paces CodeArtifact requests: a token bucket refilled at <see cref="Rate"/> tokens a second, holding at most one
/// fifth of a second's worth (so a burst never goes far over the quota's per-second window), one token per request.
/// A throttled request pauses the whole bucket (<see cref="Pause"/>): every worker backs off together, as the service asked.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _capacity;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _tokens;
    private double _lastRefill;
    private double _pausedUntil;

    /// <param name="rate">Requests a second; 0 or less turns pacing off (the benchmark's unpaced runs).</param>
    public TokenBucket(double rate)
    {
        Rate = rate;
        _capacity = Math.Max(1, rate / 5);
        _tokens = _capacity;
    }

    public double Rate { get; }

    public bool Unpaced => Rate <= 0;

    /// <summary>Waits for one request's token.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TryTake();
            if (wait <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No request leaves for <paramref name="backoff"/> from now (a ThrottlingException answered).</summary>
    public void Pause(TimeSpan backoff)
    {
        lock (_gate)
        {
            _pausedUntil = Math.Max(_pausedUntil, _clock.Elapsed.TotalSeconds + backoff.TotalSeconds);
            _tokens = 0;
        }
    }

    /// <summary>Takes a token and returns 0, or returns the seconds to wait before one is there.</summary>
    private double TryTake()
    {
        lock (_gate)
        {
            var now = _clock.Elapsed.TotalSeconds;
            if (now < _pausedUntil)
            {
                _lastRefill = _pausedUntil;
                return _pausedUntil - now;
            }

            if (Unpaced)
            {
                return 0;
            }

            _tokens = Math.Min(_capacity, _tokens + ((now - _lastRefill) * Rate));
            _lastRefill = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return 0;
            }

            return (1 - _tokens) / Rate;
        }
    }
}
