using Governance.Cli.Local;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// What an end-to-end scenario needs from a build of the function program: stacks whose functions run that build.
/// The scenarios are written once against this type and run once per build (the JIT build the dotnet10 packaging
/// deploys, <see cref="FunctionProgramFixture"/>; the NativeAOT one, <see cref="NativeAotFunctionFixture"/>). Builds
/// the program ONCE per test run and holds the shared enforce-mode stack that tests using distinct packages can share
/// (isolation by package name).
/// </summary>
public abstract class EndToEndFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _sharedGate = new(1, 1);
    private readonly TempFolder _root;
    private StackHarness? _shared;

    protected EndToEndFixture(string rootPrefix) => _root = new TempFolder(rootPrefix);

    /// <summary>The folder of this run's builds and stacks.</summary>
    public string Root => _root.Path;

    /// <summary>How long building the program may take (a NativeAOT publish on a busy 2-core runner takes minutes).</summary>
    protected abstract TimeSpan BuildTimeout { get; }

    /// <summary>Builds the program into (or below) <see cref="Root"/>.</summary>
    protected abstract Task BuildAsync(string repositoryRoot, CancellationToken cancellationToken);

    /// <summary>The stack options with this build's program as the functions' program.</summary>
    protected abstract GovernedStackOptions RunningThisBuild(GovernedStackOptions options);

    public async Task InitializeAsync()
    {
        // Clients and child processes never reach for a real AWS account or the instance metadata service.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        using var timeout = new CancellationTokenSource(BuildTimeout);
        await BuildAsync(RepositoryRoot.Path, timeout.Token);
    }

    /// <summary>A new stack of its own, in its own data folder, on a free port.</summary>
    public Task<StackHarness> StartStackAsync(string name, Func<GovernedStackOptions, GovernedStackOptions>? configure = null) =>
        StackHarness.StartAsync(_root.File(name + "-" + Guid.NewGuid().ToString("N")[..6]), functionAssembly: "", options =>
        {
            var running = RunningThisBuild(options);
            return configure?.Invoke(running) ?? running;
        });

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

        _root.Dispose();
    }
}
