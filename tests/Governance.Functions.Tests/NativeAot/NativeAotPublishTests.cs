using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.NativeAot;

/// <summary>
/// What the NativeAOT publish itself must give: no trimming or AOT warning (the fixture refuses the build otherwise;
/// this names it as a test of its own), and a native executable that needs no .NET runtime beside it.
/// </summary>
[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotPublishTests(NativeAotFunctionFixture fixture)
{
    [Fact]
    public void Publish_ShouldPrintNoTrimmingOrAotWarning()
    {
        Assert.Empty(fixture.Publish.TrimAndAotWarnings);
        Assert.DoesNotContain("warning", fixture.Publish.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Publish_ShouldLeaveANativeExecutableAndNoManagedEntryAssembly()
    {
        using (var stream = File.OpenRead(fixture.Publish.BootstrapPath))
        {
            Span<byte> magic = stackalloc byte[4];
            stream.ReadExactly(magic);
            Assert.True(magic.SequenceEqual("\u007fELF"u8), "the bootstrap is not an ELF executable");
        }

        var folder = Path.GetDirectoryName(fixture.Publish.BootstrapPath)!;
        Assert.False(File.Exists(Path.Combine(folder, "Governance.Functions.dll")), "a managed entry assembly was published beside the native executable");
        Assert.True(File.Exists(Path.Combine(folder, "governance.yaml")), "the default policy is packaged beside the executable, as the Makefile does");
    }
}
