using System.Text.Json;
using Governance.Local.Lambda;
using Governance.TestSupport;

namespace Governance.Deployment.Tests.Build;

/// <summary>
/// The artifact `sam build` produces (make build-ReviewFunction / build-NotifyFunction), run the way the dotnet10
/// runtime runs an executable handler, under the local Lambda Runtime API host, with the sample events.
/// </summary>
[Collection(MakeBuilds.Name)]
public sealed class BuiltArtifactTests : IClassFixture<BuiltArtifactTests.Artifact>
{
    private readonly Artifact _artifact;

    public BuiltArtifactTests(Artifact artifact) => _artifact = artifact;

    private static string SampleEvent(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "events", name));

    [Fact]
    public async Task ReviewArtifact_WhenGivenTheSampleEvents_ShouldAnswerEachAsTheReviewMust()
    {
        await using var run = await ReviewRun.StartAsync(_artifact.Folder);

        var statusOnly = await run.Host.InvokeAsync(SampleEvent("generic-status-change-unlisted.json"), CancellationToken.None);
        Assert.True(statusOnly.Success, statusOnly.ErrorMessage);
        Assert.Equal("Ignored", Field(statusOnly.ResponseBody!, "outcome"));

        // The sample publishes name versions this empty stack does not hold: a permanent condition, acknowledged.
        var publish = await run.Host.InvokeAsync(SampleEvent("npm-publish-created.json"), CancellationToken.None);
        Assert.True(publish.Success, publish.ErrorMessage);
        Assert.Equal("Gone", Field(publish.ResponseBody!, "outcome"));
    }

    [Fact]
    public async Task ReviewArtifact_WhenGivenAnSqsBatchWithAMalformedRecord_ShouldReturnOnlyThatRecordForRedrive()
    {
        await using var run = await ReviewRun.StartAsync(_artifact.Folder);
        var records = new[] { "generic-publish-created.json", "generic-status-change-unlisted.json", "maven-upstream-retained-created.json" }
            .Select((name, i) => new { messageId = $"m{i}", body = SampleEvent(name), eventSource = "aws:sqs" })
            .Append(new { messageId = "bad", body = "{\"detail-type\":\"CodeArtifact Package Version State Change\"}", eventSource = "aws:sqs" });
        var batch = JsonSerializer.Serialize(new { Records = records });

        var result = await run.Host.InvokeAsync(batch, CancellationToken.None);

        // No GOVERNANCE_DEAD_LETTER_QUEUE_URL here: the malformed record goes back for the queue's redrive to its
        // DLQ, and the three sample events (ignored, or gone from this empty stack) are acknowledged.
        Assert.True(result.Success, result.ErrorMessage);
        using var answer = JsonDocument.Parse(result.ResponseBody!);
        var failure = Assert.Single(answer.RootElement.GetProperty("batchItemFailures").EnumerateArray());
        Assert.Equal("bad", failure.GetProperty("itemIdentifier").GetString());
    }

    [Fact]
    public async Task ReviewArtifact_WhenAVariableIsMissing_ShouldReportAnInitErrorNamingIt()
    {
        await using var run = await ReviewRun.StartAsync(_artifact.Folder, withTopic: false);

        var result = await run.Host.InvokeAsync(SampleEvent("npm-publish-created.json"), CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("GOVERNANCE_TOPIC_ARN", result.ErrorMessage ?? result.ResponseBody, StringComparison.Ordinal);
    }

    private static string? Field(string json, string name)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).GetString();
    }

    /// <summary>Builds both functions once with the Makefile targets SAM calls.</summary>
    public sealed class Artifact : IAsyncLifetime
    {
        private readonly TempFolder _folder = new("governance-artifact");

        public string Folder => _folder.Path;

        public async Task InitializeAsync()
        {
            var result = await ProcessRunner.RunAsync(
                "make",
                ["build-ReviewFunction", $"ARTIFACTS_DIR={Folder}", "GOVERNANCE_PACKAGING=dotnet10"],
                workingDirectory: RepositoryRoot.Path,
                timeout: TimeSpan.FromMinutes(8));
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        public Task DisposeAsync()
        {
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>A local stack (the function's AWS endpoint) and the review artifact under the Runtime API host.</summary>
    private sealed class ReviewRun : IAsyncDisposable
    {
        private readonly TempFolder _data;
        private readonly LocalStackHarness _stack;

        private ReviewRun(TempFolder data, LocalStackHarness stack, LambdaFunctionHost host)
        {
            _data = data;
            _stack = stack;
            Host = host;
        }

        public LambdaFunctionHost Host { get; }

        public static async Task<ReviewRun> StartAsync(string artifactFolder, bool withTopic = true)
        {
            var data = new TempFolder("governance-artifact-run");
            var stack = await LocalStackHarness.StartAsync(data.Sub("stack"));
            var environment = new Dictionary<string, string>
            {
                ["GOVERNANCE_FUNCTION"] = "review",
                ["GOVERNANCE_LEDGER_DIR"] = data.File("ledger"),
            };
            if (withTopic)
            {
                environment["GOVERNANCE_TOPIC_ARN"] = "arn:aws:sns:us-east-1:000000000000:governance-verdicts";
            }

            var built = FunctionDefinition.ForBuiltDotnet("governance-review", Path.Combine(artifactFolder, "Governance.Functions.dll"));
            var host = new LambdaFunctionHost(built with
            {
                Environment = environment,
                EndpointUrl = new Uri(stack.Endpoint),
                Timeout = TimeSpan.FromSeconds(60),
                InitTimeout = TimeSpan.FromSeconds(30),
            });
            await host.StartAsync(CancellationToken.None);
            return new ReviewRun(data, stack, host);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await _stack.DisposeAsync();
            _data.Dispose();
        }
    }
}
