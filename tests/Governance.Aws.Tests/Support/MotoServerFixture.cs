using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Governance.Aws.Tests.Support;

/// <summary>
/// Starts <c>moto_server</c> (an independent implementation of SNS, DynamoDB, SSM, …) on a free loopback port for
/// the tests that share it, and always stops it. A missing moto_server fails the fixture with the install command:
/// these tests are never skipped.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    private Process? _process;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1");

    public async Task InitializeAsync()
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException(
                "moto_server was not found on PATH (or in MOTO_SERVER). Install it with: pip install 'moto[server]'");
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["AWS_ACCESS_KEY_ID"] = TestEnvironment.AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = TestEnvironment.SecretKey;
        start.Environment["AWS_REGION"] = TestEnvironment.Region;
        start.Environment["AWS_DEFAULT_REGION"] = TestEnvironment.Region;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/"));
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"moto_server did not answer on {Endpoint} within 60 s.");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }

        _process?.Dispose();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class MotoServerGroup : ICollectionFixture<MotoServerFixture>
{
    public const string Name = "moto_server";
}
