using System.Text.Json;
using Governance.Local.Lambda;
using Governance.TestSupport;

namespace Governance.Local.Tests.Lambda;

/// <summary>At-least-once delivery through the real host: retries, then the dead-letter file.</summary>
public sealed class EventDeliveryTests : IAsyncLifetime
{
    private readonly TempFolder _directory = new();
    private LambdaFunctionHost _host = null!;

    private string DeadLetterPath => Path.Combine(_directory.Path, "dead-letter.jsonl");

    public async Task InitializeAsync()
    {
        _host = new LambdaFunctionHost(FunctionFixture.Definition(_directory, timeout: TimeSpan.FromSeconds(2)));
        await _host.StartAsync(FunctionFixture.Bounded());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Dispose();
    }

    private EventDelivery Delivery(int attempts = 3) => new(_host, new EventDeliveryOptions
    {
        MaxAttempts = attempts,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        DeadLetterFilePath = DeadLetterPath,
    });

    [Fact]
    public async Task DeliverAsync_WhenFunctionFailsTwiceThenSucceeds_ShouldDeliverOnTheThirdAttemptWithoutDeadLetter()
    {
        var counter = Path.Combine(_directory.Path, "counter");
        var payload = JsonSerializer.Serialize(new { failTimes = 2, counterFile = counter });

        var outcome = await Delivery().DeliverAsync(payload, FunctionFixture.Bounded());

        Assert.True(outcome.Delivered);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal("3", await File.ReadAllTextAsync(counter));
        Assert.False(File.Exists(DeadLetterPath));
    }

    [Fact]
    public async Task DeliverAsync_WhenEveryAttemptFails_ShouldWriteTheEventAndErrorToTheDeadLetterFile()
    {
        const string Event = """{"detail-type":"CodeArtifact Package Version State Change","detail":{"marker":"throw"}}""";

        var outcome = await Delivery().DeliverAsync(Event, FunctionFixture.Bounded());

        Assert.False(outcome.Delivered);
        Assert.Equal(3, outcome.Attempts);
        Assert.Equal("MarkerError", outcome.LastResult.ErrorType);
        var line = Assert.Single(await File.ReadAllLinesAsync(DeadLetterPath));
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Equal("fixture-fn", entry.GetProperty("functionName").GetString());
        Assert.Equal(3, entry.GetProperty("attempts").GetInt32());
        Assert.Equal("MarkerError", entry.GetProperty("errorType").GetString());
        Assert.Equal("asked to throw", entry.GetProperty("errorMessage").GetString());
        Assert.Equal("throw", entry.GetProperty("event").GetProperty("detail").GetProperty("marker").GetString());
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(entry.GetProperty("time").GetString()!) < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task DeliverAsync_WhenTheFunctionTimesOutEveryTime_ShouldDeadLetterWithSandboxTimedout()
    {
        var outcome = await Delivery(attempts: 2).DeliverAsync("\"sleep\"", FunctionFixture.Bounded(90));

        Assert.False(outcome.Delivered);
        var entry = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(DeadLetterPath))).RootElement;
        Assert.Equal("Sandbox.Timedout", entry.GetProperty("errorType").GetString());
        Assert.Equal(2, entry.GetProperty("attempts").GetInt32());
        Assert.Equal("sleep", entry.GetProperty("event").GetString());
        Assert.Equal(3, _host.ProcessStarts);
    }

    [Fact]
    public async Task DeliverAsync_WhenTheHostCannotRunTheFunction_ShouldCountFailedAttemptsAndDeadLetterTheEvent()
    {
        await using var notStarted = new LambdaFunctionHost(FunctionFixture.Definition(_directory, name: "never-started"));
        var delivery = new EventDelivery(notStarted, new EventDeliveryOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            DeadLetterFilePath = DeadLetterPath,
        });

        var outcome = await delivery.DeliverAsync("not json at all", FunctionFixture.Bounded());

        Assert.False(outcome.Delivered);
        var entry = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(DeadLetterPath))).RootElement;
        Assert.Equal("Local.InvalidOperationException", entry.GetProperty("errorType").GetString());
        Assert.Contains("StartAsync", entry.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal("not json at all", entry.GetProperty("event").GetString());
        Assert.Equal("never-started", entry.GetProperty("functionName").GetString());
    }

    [Fact]
    public void Constructor_WhenMaxAttemptsIsZero_ShouldRejectTheOptionsNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new EventDelivery(_host, new EventDeliveryOptions { MaxAttempts = 0, DeadLetterFilePath = DeadLetterPath }));

        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
    }
}
