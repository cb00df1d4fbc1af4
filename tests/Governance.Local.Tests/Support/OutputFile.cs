namespace Governance.Local.Tests.Support;

/// <summary>
/// Files the build copies next to the test assembly (the Fixtures/ and Scripts/ folders): the scripts and fixture
/// programs run from there, so a test never depends on the folder it was started from.
/// </summary>
public static class OutputFile
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, .. parts]);
}
