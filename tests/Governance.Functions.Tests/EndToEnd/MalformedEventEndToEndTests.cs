using System.Text.Json;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.EndToEnd;

public abstract class MalformedEventScenarios(EndToEndFixture fixture)
{
    [Fact]
    public async Task Review_WhenEventIsMalformed_ShouldDeadLetterItWithTheFieldAndStillReviewTheNextPublish()
    {
        var stack = await fixture.SharedStackAsync();
        await stack.PublishGenericAsync("malformed", "before-bad", "1.0.0", "a.bin", StackHarness.AssetBytes("before-bad", "1.0.0", "a"));
        await stack.WaitForQuietAsync();
        var bad = stack.EmittedEvents("before-bad").Single().DeepClone().AsObject();
        bad["id"] = "malformed-" + Guid.NewGuid();
        bad["detail"]!.AsObject().Remove("packageVersionRevision");
        stack.Redeliver(bad);
        stack.Stack.Stack.Events.Publish("this is not an event");
        await stack.WaitForQuietAsync();

        Assert.True(File.Exists(stack.Stack.ReviewDeadLetterFile), "the malformed events must reach the dead-letter file");
        var letters = File.ReadAllLines(stack.Stack.ReviewDeadLetterFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var missingField = Assert.Single(letters, l => l.GetProperty("event").ValueKind == JsonValueKind.Object
            && l.GetProperty("event").GetProperty("id").GetString() == bad["id"]!.GetValue<string>());
        Assert.Contains("$.detail.packageVersionRevision", missingField.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal("governance-review", missingField.GetProperty("functionName").GetString());
        var notJson = Assert.Single(letters, l => l.GetProperty("event").ValueKind == JsonValueKind.String);
        Assert.Equal("this is not an event", notJson.GetProperty("event").GetString());
        Assert.Contains("not valid JSON", notJson.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);

        // No crash loop: each delivery attempt was one clean invoke error with its reason, and the attempts stopped
        // at the delivery's limit.
        var attempts = new Governance.Cli.Local.GovernedStackOptions { DataFolder = "", FunctionAssembly = "" }.ReviewDeliveryAttempts;
        Assert.Equal(attempts, missingField.GetProperty("attempts").GetInt32());
        var rejections = FunctionLogLines.WithMessage(stack.ReviewLog, "malformed event rejected");
        Assert.Equal(attempts, rejections.Count(r => r.GetProperty("reason").GetString()!.StartsWith("$.detail.packageVersionRevision", StringComparison.Ordinal)));
        Assert.Equal(attempts, rejections.Count(r => r.GetProperty("reason").GetString()!.StartsWith("$: is not valid JSON", StringComparison.Ordinal)));

        await stack.PublishGenericAsync("malformed", "after-bad", "1.0.0", "a.bin", StackHarness.AssetBytes("after-bad", "1.0.0", "a"));
        await stack.WaitForQuietAsync();
        var (described, decision, _) = await stack.CurrentVerdictAsync("generic", "malformed", "after-bad", "1.0.0");
        Assert.Equal("Published", described.Status);
        Assert.True(decision.Notified);
    }
}

/// <summary>The scenarios against the JIT build (the dotnet10 packaging); <c>NativeAot/</c> runs them against the NativeAOT one.</summary>
[Collection(EndToEndTestGroup.Name)]
public sealed class MalformedEventEndToEndTests(FunctionProgramFixture fixture) : MalformedEventScenarios(fixture);
