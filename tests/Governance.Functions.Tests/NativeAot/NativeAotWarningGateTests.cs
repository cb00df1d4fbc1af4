using Governance.Cli.Local;

namespace Governance.Functions.Tests.NativeAot;

/// <summary>
/// The gate the NativeAOT fixture applies to its publish: it must find trimming and AOT diagnostics in MSBuild's
/// output as the SDK prints them (or a clean publish would prove nothing), each once although MSBuild repeats them.
/// </summary>
public sealed class NativeAotWarningGateTests
{
    [Fact]
    public void TrimAndAotWarnings_ShouldListEachTrimmingAndAotDiagnosticOnceAndNothingElse()
    {
        const string trim = "/src/Governance.Aws/Json.cs(12,9): warning IL2026: Using member 'JsonSerializer.Serialize<T>(T, JsonSerializerOptions)' which has 'RequiresUnreferencedCodeAttribute' [/src/Governance.Functions.csproj]";
        const string aot = "ILC : AOT analysis warning IL3050: Governance.Functions.Program.Main(): Using member 'System.Type.MakeGenericType' which has 'RequiresDynamicCodeAttribute' [/src/Governance.Functions.csproj]";
        const string asError = "ILC : Trim analysis error IL2104: Assembly 'Some.Library' produced trim warnings. [/src/Governance.Functions.csproj]";
        var output = string.Join('\n',
            "  Governance.Core -> /src/bin/Governance.Core.dll",
            trim,
            "/src/Governance.Core/Review.cs(3,1): warning CA1822: not a trimming diagnostic",
            aot,
            asError,
            "  Generating native code",
            trim);

        var warnings = new NativeAotPublish("bootstrap", output).TrimAndAotWarnings;

        Assert.Equal([trim, aot, asError], warnings);
    }

    [Fact]
    public void TrimAndAotWarnings_WhenThePublishIsClean_ShouldBeEmpty()
    {
        const string clean = "  Governance.Functions -> /src/bin/Release/net10.0/linux-x64/Governance.Functions.dll\n  Generating native code\n  Governance.Functions -> /out/\n";

        Assert.Empty(new NativeAotPublish("bootstrap", clean).TrimAndAotWarnings);
    }
}
