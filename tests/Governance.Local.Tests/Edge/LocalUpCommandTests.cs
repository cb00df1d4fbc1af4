using System.Globalization;
using System.Text.RegularExpressions;
using Governance.TestSupport;

namespace Governance.Local.Tests.Edge;

/// <summary><c>governance local up</c> as a user runs it: it prints the exports, serves the aws CLI, and stops on SIGTERM.</summary>
public sealed partial class LocalUpCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task LocalUp_WhenStarted_ShouldPrintTheExportsThatPointTheAwsCliAtIt()
    {
        await using var localUp = await LocalUpProcess.StartAsync(_data.Path, ["--faults", "seed=3"]);
        var exports = Exports(await BannerAsync(localUp));

        Assert.Equal("test", exports["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("test", exports["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal("us-east-1", exports["AWS_DEFAULT_REGION"]);
        Assert.StartsWith("http://127.0.0.1:", exports["AWS_ENDPOINT_URL"], StringComparison.Ordinal);
        Assert.True(exports.ContainsKey("AWS_EC2_METADATA_DISABLED"), "the banner exports no AWS_EC2_METADATA_DISABLED");

        var env = new Dictionary<string, string>(exports) { ["AWS_CONFIG_FILE"] = "/dev/null", ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null" };
        var created = await ProcessRunner.RunAsync("aws", ["codeartifact", "create-domain", "--domain", "from-exports", "--output", "json"], env);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("\"from-exports\"", created.StandardOutput, StringComparison.Ordinal);

        var term = await localUp.Process.SignalAsync("TERM");
        Assert.Equal(0, term.ExitCode);
        Assert.Equal(0, await localUp.Process.WaitForExitAsync(Patience));
    }

    [Fact]
    public async Task LocalUp_WhenTheFaultSpecIsWrong_ShouldExitWithUsageError()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [LocalUpProcess.CliAssembly, "local", "up", "--faults", "throttle=9"], timeout: Patience);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("between 0 and 1", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalUp_WhenAStandInDirectoryDoesNotExist_ShouldExitWith2NamingTheOptionAndRecordNothing()
    {
        var missing = Path.Combine(_data.Path, "no-such-registry");
        var result = await ProcessRunner.RunAsync(
            "dotnet", [LocalUpProcess.CliAssembly, "local", "up", "--port", "0", "--data", _data.Path, "--npmjs", missing], timeout: Patience);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--npmjs DIR: directory not found: {missing}", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "external-registries.json")));
    }

    [Fact]
    public async Task LocalUp_WhenGivenStandInDirectories_ShouldRecordThemAndKeepThemOnTheNextStart()
    {
        var npmjs = _data.Sub("npmjs");
        var data = Path.Combine(_data.Path, "stack");
        var first = await StartAndStopAsync(data, ["--npmjs", npmjs]);
        var second = await StartAndStopAsync(data, []);

        foreach (var banner in new[] { first, second })
        {
            Assert.Contains($"public:maven-central <- /usr/share/maven-repo, public:npmjs <- {npmjs}", banner, StringComparison.Ordinal);
        }
    }

    /// <summary>Starts <c>local up</c>, reads its banner up to the exports, and stops it with SIGTERM.</summary>
    private static async Task<string> StartAndStopAsync(string data, string[] options)
    {
        await using var localUp = await LocalUpProcess.StartAsync(data, options);
        var banner = await BannerAsync(localUp);
        await localUp.Process.SignalAsync("TERM");
        await localUp.Process.WaitForExitAsync(Patience);
        return banner;
    }

    /// <summary>Everything <c>local up</c> printed before "Press Ctrl+C to stop.", the banner's last line.</summary>
    private static async Task<string> BannerAsync(LocalUpProcess localUp)
    {
        await localUp.Process.WaitForLineAsync(BannerEnd(), Patience);
        var output = localUp.Process.Output;
        return output[..output.IndexOf("Press Ctrl+C", StringComparison.Ordinal)];
    }

    private static Dictionary<string, string> Exports(string banner) =>
        banner.Split('\n')
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);


    [GeneratedRegex("^Press Ctrl\\+C")]
    private static partial Regex BannerEnd();
}
