using System.Diagnostics;
using Governance.Local.Tests.TestSupport;

namespace Governance.Local.Tests.Edge;

/// <summary><c>governance local up</c> as a user runs it: it prints the exports, serves the aws CLI, and stops on SIGTERM.</summary>
public sealed class LocalUpCommandTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task LocalUp_WhenStarted_ShouldPrintTheExportsThatPointTheAwsCliAtIt()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0", "--data", _data.Path, "--faults", "seed=3" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var exports = new Dictionary<string, string>();
            while (!exports.ContainsKey("AWS_EC2_METADATA_DISABLED"))
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync(cts.Token));
                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    var pair = line["export ".Length..].Split('=', 2);
                    exports[pair[0]] = pair[1];
                }
            }

            Assert.Equal("test", exports["AWS_ACCESS_KEY_ID"]);
            Assert.Equal("test", exports["AWS_SECRET_ACCESS_KEY"]);
            Assert.Equal("us-east-1", exports["AWS_DEFAULT_REGION"]);
            Assert.StartsWith("http://127.0.0.1:", exports["AWS_ENDPOINT_URL"], StringComparison.Ordinal);

            var env = new Dictionary<string, string>(exports) { ["AWS_CONFIG_FILE"] = "/dev/null", ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null" };
            var created = await ProcessRunner.RunAsync("aws", ["codeartifact", "create-domain", "--domain", "from-exports", "--output", "json"], env);
            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Contains("\"from-exports\"", created.StdOut, StringComparison.Ordinal);

            var term = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString()]);
            Assert.Equal(0, term.ExitCode);
            await process.WaitForExitAsync(cts.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task LocalUp_WhenTheFaultSpecIsWrong_ShouldExitWithUsageError()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--faults", "throttle=9"], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("between 0 and 1", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalUp_WhenAStandInDirectoryDoesNotExist_ShouldExitWith2NamingTheOptionAndRecordNothing()
    {
        var missing = Path.Combine(_data.Path, "no-such-registry");
        var result = await ProcessRunner.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0", "--data", _data.Path, "--npmjs", missing], null, null, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--npmjs DIR: directory not found: {missing}", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "external-registries.json")));
    }

    [Fact]
    public async Task LocalUp_WhenGivenStandInDirectories_ShouldRecordThemAndKeepThemOnTheNextStart()
    {
        var npmjs = Directory.CreateDirectory(Path.Combine(_data.Path, "npmjs")).FullName;
        var data = Path.Combine(_data.Path, "stack");
        var first = await StartAndStopAsync(["--data", data, "--npmjs", npmjs]);
        var second = await StartAndStopAsync(["--data", data]);

        foreach (var banner in new[] { first, second })
        {
            Assert.Contains($"public:maven-central <- /usr/share/maven-repo, public:npmjs <- {npmjs}", banner, StringComparison.Ordinal);
        }
    }

    /// <summary>Starts <c>local up</c>, reads its banner up to the exports, and stops it with SIGTERM.</summary>
    private static async Task<string> StartAndStopAsync(string[] options)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0" }.Concat(options))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var banner = new System.Text.StringBuilder();
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(cts.Token)) is not null && !line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
            banner.AppendLine(line);
        }

        if (line is null)
        {
            // Read only when the banner never came: stderr ends when the process does.
            Assert.Fail("local up ended before its banner: " + await process.StandardError.ReadToEndAsync(cts.Token));
        }

        await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await process.WaitForExitAsync(cts.Token);
        return banner.ToString();
    }
}
