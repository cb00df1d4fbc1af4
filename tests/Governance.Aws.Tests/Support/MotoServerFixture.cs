using System.Text.RegularExpressions;
using Governance.TestSupport;

namespace Governance.Aws.Tests.Support;

/// <summary>
/// Starts <c>moto_server</c> (an independent implementation of SNS, DynamoDB, SSM, …) on a free loopback port for
/// the tests that share it, and always stops it. A missing moto_server fails the fixture with the install command:
/// these tests are never skipped.
/// </summary>
public sealed partial class MotoServerFixture : IAsyncLifetime
{
    private BackgroundProcess? _process;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1");

    public async Task InitializeAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException(
                "moto_server was not found on PATH (or in MOTO_SERVER). Install it with: pip install 'moto[server]'");
        // Port 0: the server binds a free port itself and names it in its banner, so no other process can take it
        // between a probe and the bind.
        _process = BackgroundProcess.Start(
            executable,
            ["-H", "127.0.0.1", "-p", "0"],
            AwsClientEnvironment.For(region: TestEnvironment.Region, accessKey: TestEnvironment.AccessKey, secretKey: TestEnvironment.SecretKey));
        var banner = await _process.WaitForLineAsync(RunningOn(), TimeSpan.FromSeconds(60));
        Endpoint = new Uri(banner.Groups[1].Value);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private static string? FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("MOTO_SERVER");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "moto_server"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Werkzeug's banner once the socket listens: <c> * Running on http://127.0.0.1:PORT</c>.</summary>
    [GeneratedRegex(@"Running on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex RunningOn();
}

[CollectionDefinition(Name)]
public sealed class MotoServerGroup : ICollectionFixture<MotoServerFixture>
{
    public const string Name = "moto_server";
}
