using System.Diagnostics;
using Governance.Cli.Local;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// The NativeAOT build, the one the native-aot packaging deploys as <c>bootstrap</c> on <c>provided.al2023</c>:
/// published ONCE per test run with the flags of the Makefile and the cold-start benchmark, and refused outright when
/// the publish printed any trimming (IL2xxx) or AOT (IL3xxx) warning, since each one is a place where the native
/// program may behave differently from the JIT build that the rest of the suite tests.
/// </summary>
public sealed class NativeAotFunctionFixture(IMessageSink diagnostics) : EndToEndFixture("governance-e2e-aot")
{
    public NativeAotPublish Publish { get; private set; } = new("", "");

    /// <summary>How long the publish took (reported as a diagnostic message: CI time is budgeted with it).</summary>
    public TimeSpan PublishDuration { get; private set; }

    protected override TimeSpan BuildTimeout => TimeSpan.FromMinutes(25);

    protected override async Task BuildAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        // The source copy lives in the git-ignored .aws-sam/ folder and survives the run: the next run's publish
        // recompiles only what changed since.
        var work = Path.Combine(repositoryRoot, ".aws-sam", "tests-native-aot-linux-x64");
        var clock = Stopwatch.StartNew();
        Publish = await FunctionArtifact.BuildNativeAotAsync(repositoryRoot, work, Path.Combine(Root, "function-aot"), cancellationToken);
        PublishDuration = clock.Elapsed;
        diagnostics.OnMessage(new DiagnosticMessage($"NativeAOT publish of the function program: {PublishDuration.TotalSeconds:F0} s"));
        var warnings = Publish.TrimAndAotWarnings;
        Assert.True(warnings.Count == 0,
            $"the NativeAOT publish printed {warnings.Count} trimming/AOT warning(s):\n{string.Join('\n', warnings)}");
        Assert.True(File.Exists(Publish.BootstrapPath), $"the NativeAOT publish left no executable at {Publish.BootstrapPath}:\n{Publish.Output}");
    }

    protected override GovernedStackOptions RunningThisBuild(GovernedStackOptions options) => options with { FunctionBootstrap = Publish.BootstrapPath };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeAotEndToEndTestGroup : ICollectionFixture<NativeAotFunctionFixture>
{
    // Its own collection, so that running only the JIT tests never pays for the NativeAOT publish. Not run in
    // parallel with the other collections: its stacks would otherwise share the two cores with the JIT end-to-end
    // stacks, and the suite's timing-sensitive scenarios (leases, retries) are written for one stack at a time.
    public const string Name = "end-to-end-native-aot";
}
