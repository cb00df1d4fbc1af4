namespace Governance.Core.Tests;

/// <summary>Reads checked-in fixture files copied next to the test assembly.</summary>
public static class Fixtures
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    public static string Event(string name) => Read("events", name);
}
