namespace Governance.Core.Ports;

/// <summary>The time, as a port: tests of leases, waivers' expiry and deadlines need to set it.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}

public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
