using System.Collections.Concurrent;
using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>
/// The set-up the protocol tests share: a fresh loopback stack for each test, with a domain and its repositories when
/// the test names them (created with the real aws CLI), a work folder for the files the clients send and receive, and
/// every event the stack emits.
/// </summary>
public abstract class LocalStackTestBase(string? domain = null, params string[] repositories) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _events = new();
    private IDisposable? _subscription;

    protected LocalStackHarness Stack { get; private set; } = null!;

    protected TempFolder Work { get; } = new();

    /// <summary>The events the stack has emitted so far, in order.</summary>
    protected IReadOnlyCollection<string> Events => _events;

    public virtual async Task InitializeAsync()
    {
        Stack = await LocalStackHarness.StartAsync();
        _subscription = Stack.Stack.Events.Subscribe((json, _) =>
        {
            _events.Enqueue(json);
            return Task.CompletedTask;
        });
        if (domain is null)
        {
            return;
        }

        await Stack.AwsJsonAsync("codeartifact", "create-domain", "--domain", domain);
        foreach (var repository in repositories)
        {
            await Stack.AwsJsonAsync("codeartifact", "create-repository", "--domain", domain, "--repository", repository);
        }
    }

    public virtual async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await Stack.DisposeAsync();
        Work.Dispose();
    }

    /// <summary>Waits (ten seconds at most) until the stack has emitted <paramref name="count"/> events; returns all it emitted.</summary>
    protected async Task<List<string>> WaitForEventsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_events.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(_events.Count >= count, $"expected {count} events, got {_events.Count}");
        return [.. _events];
    }
}
