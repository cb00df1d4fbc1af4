using System.Globalization;
using Governance.Core.Ports;

namespace Governance.Functions;

/// <summary>
/// A clock for end-to-end tests, and only for them: when <c>GOVERNANCE_TEST_CLOCK_FILE</c> names a file, the time is
/// the system time plus the offset the file holds (a .NET TimeSpan, e.g. <c>02:00:00</c> or <c>3.00:00:00</c>), read
/// on every call, so a test moves the deployed functions' clock forward (a cooldown ends, a waiver expires) without
/// waiting. A missing file is no offset. Unset in every deployment (the SAM template never sets it).
/// </summary>
public sealed class TestClock(string offsetFile) : IClock
{
    public const string FileVariable = "GOVERNANCE_TEST_CLOCK_FILE";

    public static IClock FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(FileVariable) is { Length: > 0 } file ? new TestClock(file) : SystemClock.Instance;
    }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset();

    private TimeSpan Offset()
    {
        try
        {
            var text = File.ReadAllText(offsetFile).Trim();
            return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (FileNotFoundException)
        {
            return TimeSpan.Zero;
        }
    }
}
