using Governance.Cli.Local;

namespace Governance.Local.Tests.Support;

/// <summary>
/// For the Maven tests that change what the walkthrough's build sees, so each needs a walkthrough stack of its own.
/// The prerequisites are checked before the stack starts: a machine without mvn fails each test with the one line
/// naming <c>make prerequisites</c>.
/// </summary>
public abstract class OwnWalkthroughTests : IAsyncLifetime
{
    private MavenWalkthroughHarness? _walkthrough;

    protected MavenWalkthroughHarness Walkthrough =>
        _walkthrough ?? throw new InvalidOperationException("the test has not started its walkthrough stack (StartWalkthroughAsync)");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_walkthrough is not null)
        {
            await _walkthrough.DisposeAsync();
        }
    }

    protected async Task StartWalkthroughAsync()
    {
        MavenPrerequisites.EnsureInstalled();
        _walkthrough = await MavenWalkthroughHarness.StartAsync();
    }
}
