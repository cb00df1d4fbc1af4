using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

/// <summary>The logs the built functions write under the Runtime API host: JSON lines, request ids, no secrets.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class FunctionLogEndToEndTests(FunctionProgramFixture fixture)
{
    [Fact]
    public async Task FunctionLogs_WhenVersionIsReviewedAndNotified_ShouldBeJsonLinesWithRequestIdAndNoWebhookUrl()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishGenericAsync("logs", "logged-tool", "1.0.0", "tool.bin", StackHarness.AssetBytes("logged-tool", "1.0.0", "a"));
        await stack.WaitForQuietAsync();

        var review = FunctionLogLines.ReviewsOfEvent(stack.ReviewLog, stack.EmittedEvents("logged-tool")[0]["id"]!.GetValue<string>());
        var finished = Assert.Single(review);
        Assert.Equal("pkg:generic/logs/logged-tool@1.0.0", finished.GetProperty("packageUrl").GetString());
        Assert.Equal("Pass", finished.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrEmpty(finished.GetProperty("requestId").GetString()));
        Assert.Contains(FunctionLogLines.WithMessage(stack.NotifyLog, "posted to Slack"),
            l => l.GetProperty("packageUrl").GetString() == "pkg:generic/logs/logged-tool@1.0.0" && l.TryGetProperty("requestId", out _));

        foreach (var log in new[] { stack.ReviewLog, stack.NotifyLog })
        {
            // Every line the program writes is a JSON object (the host adds START/END/REPORT lines, as Lambda does).
            var programLines = log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0
                && !l.StartsWith("START ", StringComparison.Ordinal) && !l.StartsWith("END ", StringComparison.Ordinal)
                && !l.StartsWith("REPORT ", StringComparison.Ordinal) && !l.StartsWith("INIT_", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(programLines);
            Assert.All(programLines, l => Assert.StartsWith("{", l, StringComparison.Ordinal));
            // The functions' own lines (StructuredLog: timestamped) carry the invocation's request id. (The Runtime API
            // loop's "handler error reported" lines, in Governance.Aws, do not yet: reported to its owner.)
            Assert.All(FunctionLogLines.Parse(log).Where(l => l.TryGetProperty("timestamp", out _)),
                l => Assert.True(l.TryGetProperty("requestId", out _), l.ToString()));
            Assert.DoesNotContain("local-webhook", log, StringComparison.Ordinal);
            Assert.DoesNotContain("/services/T0LOCAL", log, StringComparison.Ordinal);
        }
    }
}
