using System.Text.Json;

namespace Governance.Local.Tests.TestSupport;

/// <summary>A local stack on a free loopback port with its own data folder, plus helpers to drive it with real clients.</summary>
public sealed class LocalStackHarness : IAsyncDisposable
{
    private readonly TempFolder? _ownedFolder;

    private LocalStackHarness(LocalStack stack, TempFolder? ownedFolder)
    {
        Stack = stack;
        _ownedFolder = ownedFolder;
    }

    public LocalStack Stack { get; }

    public string DataFolder => Stack.Options.DataFolder;

    public string Endpoint => Stack.BaseUrl.GetLeftPart(UriPartial.Authority);

    public static async Task<LocalStackHarness> StartAsync(string? dataFolder = null, Governance.Local.Faults.FaultSettings? faults = null, string? npmjsDirectory = null)
    {
        var owned = dataFolder is null ? new TempFolder() : null;
        var stack = new LocalStack(new LocalStackOptions
        {
            Port = 0,
            DataFolder = dataFolder ?? owned!.Path,
            Faults = faults ?? Governance.Local.Faults.FaultSettings.None,
            NpmjsDirectory = npmjsDirectory,
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stack.StartAsync(cts.Token);
        return new LocalStackHarness(stack, owned);
    }

    /// <summary>A stack with one domain and one repository in it, created with the real aws CLI.</summary>
    public static async Task<LocalStackHarness> StartWithRepositoryAsync(string domain, string repository)
    {
        var stack = await StartAsync();
        await stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", domain);
        await stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", domain, "--repository", repository);
        return stack;
    }

    /// <summary>Environment for the aws CLI / boto3: explicit local credentials, no metadata lookups, no retries.</summary>
    public Dictionary<string, string> ClientEnv(string? secret = null, string? accessKey = null) => new(StringComparer.Ordinal)
    {
        ["AWS_ACCESS_KEY_ID"] = accessKey ?? "test",
        ["AWS_SECRET_ACCESS_KEY"] = secret ?? "test",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_MAX_ATTEMPTS"] = "1",
        ["AWS_RETRY_MODE"] = "standard",
        ["AWS_PAGER"] = string.Empty,
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_ENDPOINT_URL"] = Endpoint,
    };

    /// <summary>Runs <c>aws codeartifact …</c> against this stack.</summary>
    public Task<ProcessResult> AwsAsync(IEnumerable<string> args, Dictionary<string, string>? env = null, TimeSpan? timeout = null, string? workingDirectory = null) =>
        ProcessRunner.RunAsync("aws", ["--endpoint-url", Endpoint, "--output", "json", .. args], env ?? ClientEnv(), workingDirectory, timeout);

    public async Task<JsonElement> AwsJsonAsync(params string[] args)
    {
        var result = await AwsAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        _ownedFolder?.Dispose();
    }
}
