using Governance.Cli.Local;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// Builds the deployable function program ONCE per test run (<c>dotnet publish</c>, as <c>sam build</c> does) and
/// shares it: every end-to-end test runs this same binary under the local Lambda Runtime API host. Also holds the
/// shared enforce-mode stack that tests using distinct packages can share (isolation by package name).
/// </summary>
public sealed class FunctionProgramFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _sharedGate = new(1, 1);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "governance-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private StackHarness? _shared;

    public string FunctionAssembly { get; private set; } = "";

    public string Root => _root;

    public async Task InitializeAsync()
    {
        // Clients and child processes never reach for a real AWS account or the instance metadata service.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        Directory.CreateDirectory(_root);
        var repository = FunctionArtifact.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Governance.sln not found above the test output folder: run the tests from the repository");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        FunctionAssembly = await FunctionArtifact.BuildAsync(repository, Path.Combine(_root, "function"), TextWriter.Null, timeout.Token);
    }

    /// <summary>A new stack of its own, in its own data folder, on a free port.</summary>
    public Task<StackHarness> StartStackAsync(string name, Func<GovernedStackOptions, GovernedStackOptions>? configure = null) =>
        StackHarness.StartAsync(Path.Combine(_root, name + "-" + Guid.NewGuid().ToString("N")[..6]), FunctionAssembly, configure);

    /// <summary>The enforce-mode stack (Unlisted quarantine) shared by tests that each publish their own packages.</summary>
    public async Task<StackHarness> SharedStackAsync()
    {
        await _sharedGate.WaitAsync();
        try
        {
            return _shared ??= await StartStackAsync("shared");
        }
        finally
        {
            _sharedGate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a log file for a moment; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EndToEndTestGroup : ICollectionFixture<FunctionProgramFixture>
{
    // One collection: the end-to-end tests share the built program and run one after another, so the two cores of a
    // CI runner are not oversubscribed by several stacks and their function processes at once.
    public const string Name = "end-to-end";
}
