using Governance.Cli.Local;
using Governance.Local.Tests.Support;

namespace Governance.Local.Tests.Maven;

/// <summary>
/// One walkthrough stack whose project was built once (<c>mvn -s settings.xml compile</c> through the upstream
/// chain), shared by the tests that only read what that build left, or prove a later build changes nothing. The
/// build runs at the first test's request, after that test checked the prerequisites, so a machine without them
/// fails each test with the one line naming <c>make prerequisites</c>.
/// </summary>
public sealed class BuiltWalkthroughFixture : IAsyncLifetime
{
    public const string Name = "Maven walkthrough, built once";

    private readonly object _lock = new();
    private Task<BuiltWalkthrough>? _building;
    private MavenWalkthroughHarness? _stack;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The stack and its first build's result (the build runs once, at the first call; a failure fails every caller).</summary>
    public Task<BuiltWalkthrough> BuiltAsync()
    {
        MavenPrerequisites.EnsureInstalled();
        lock (_lock)
        {
            return _building ??= BuildAsync();
        }
    }

    private async Task<BuiltWalkthrough> BuildAsync()
    {
        _stack = await MavenWalkthroughHarness.StartAsync();
        var result = await _stack.BuildAsync();
        MavenWalkthroughHarness.AssertSucceeded(result);
        return new BuiltWalkthrough(_stack, result, _stack.EventCount());
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}

/// <summary>The shared stack, the first build's result, and the events.jsonl line count right after it.</summary>
public sealed record BuiltWalkthrough(MavenWalkthroughHarness Stack, MavenRunResult FirstBuild, int EventsAfterFirstBuild);

[CollectionDefinition(BuiltWalkthroughFixture.Name)]
public sealed class BuiltWalkthroughGroup : ICollectionFixture<BuiltWalkthroughFixture>;
