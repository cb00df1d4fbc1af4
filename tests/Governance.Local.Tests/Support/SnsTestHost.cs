using Governance.Local.Edge;
using Governance.Local.Sns;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>The SNS endpoint behind a plain loopback Kestrel app (no SigV4: the edge verifies signatures, not this test).</summary>
public sealed class SnsTestHost : IAsyncDisposable
{
    public static readonly CallerIdentity Caller = new("test", "123456789012", "eu-north-1");

    private readonly LoopbackApp _app;

    private SnsTestHost(TempFolder directory, SnsEndpoint endpoint, LoopbackApp app)
    {
        Directory = directory;
        Endpoint = endpoint;
        _app = app;
    }

    public TempFolder Directory { get; }

    public SnsEndpoint Endpoint { get; }

    public Uri BaseUrl => _app.BaseUrl;

    public string OutboxDirectory => System.IO.Path.Combine(Directory.Path, "outbox");

    public string DataDirectory => System.IO.Path.Combine(Directory.Path, "data");

    public static async Task<SnsTestHost> StartAsync(ILambdaInvoker? lambda = null, TempFolder? directory = null)
    {
        directory ??= new TempFolder();
        var options = new SnsEndpointOptions
        {
            DataDirectory = System.IO.Path.Combine(directory.Path, "data"),
            OutboxDirectory = System.IO.Path.Combine(directory.Path, "outbox"),
            Delivery = new SnsDeliveryOptions { HttpRetryDelay = TimeSpan.FromMilliseconds(50), HttpTimeout = TimeSpan.FromSeconds(5) },
        };
        var endpoint = new SnsEndpoint(options, lambda);
        var app = await LoopbackApp.StartAsync(context =>
            context.Request.Path == SnsNotificationSigner.CertificatePath
                ? endpoint.WriteSigningCertificateAsync(context)
                : endpoint.HandleAsync(context, Caller));
        return new SnsTestHost(directory, endpoint, app);
    }

    public async Task WhenIdleAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Endpoint.WhenIdleAsync(limit.Token);
    }

    /// <summary>The aws CLI / boto3 environment, in the region the endpoint's <see cref="Caller"/> is in.</summary>
    public static Dictionary<string, string> ClientEnvironment() => AwsClientEnvironment.For(region: Caller.Region);

    public Task<ProcessResult> AwsAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("aws", [.. arguments, "--endpoint-url", BaseUrl.ToString(), "--output", "json"], ClientEnvironment(), timeout: TimeSpan.FromSeconds(60));

    /// <summary>Runs SNS calls with boto3 (see Fixtures/boto3_sns.py) and returns one JSON element per call.</summary>
    public async Task<System.Text.Json.JsonElement[]> Boto3Async(string callsJson)
    {
        var result = await ProcessRunner.RunAsync(
            "python3", [OutputFile.Path("Sns", "Fixtures", "boto3_sns.py"), BaseUrl.ToString()],
            ClientEnvironment(), timeout: TimeSpan.FromSeconds(60), standardInput: callsJson);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await Endpoint.DisposeAsync();
        Directory.Dispose();
    }

    /// <summary>Disposes the app and endpoint but keeps the folder (for restart tests).</summary>
    public async Task StopKeepingDataAsync()
    {
        await _app.DisposeAsync();
        await Endpoint.DisposeAsync();
    }
}
