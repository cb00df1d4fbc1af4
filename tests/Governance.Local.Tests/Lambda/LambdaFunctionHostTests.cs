using System.Text.Json;
using Governance.Local.Lambda;
using Governance.TestSupport;

namespace Governance.Local.Tests.Lambda;

/// <summary>The Runtime API host runs a real child program (the Python fixture) as Lambda would.</summary>
public sealed class LambdaFunctionHostTests : IDisposable
{
    private readonly TempFolder _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task InvokeAsync_WhenFunctionResponds_ShouldReturnTheBodyAndServeLambdaHeadersAndEnvironment()
    {
        await using var host = new LambdaFunctionHost(FunctionFixture.Definition(_directory));
        await host.StartAsync(FunctionFixture.Bounded());
        var before = DateTimeOffset.UtcNow;

        var result = await host.InvokeAsync("{\"hello\":\"world\"}", FunctionFixture.Bounded());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Null(result.ErrorType);
        var body = JsonDocument.Parse(result.ResponseBody!).RootElement;
        Assert.Equal("{\"hello\":\"world\"}", body.GetProperty("event").GetString());
        var headers = body.GetProperty("headers");
        Assert.Equal(result.RequestId, headers.GetProperty("Lambda-Runtime-Aws-Request-Id").GetString());
        Assert.Equal("arn:aws:lambda:eu-north-1:123456789012:function:fixture-fn", headers.GetProperty("Lambda-Runtime-Invoked-Function-Arn").GetString());
        Assert.StartsWith("Root=1-", headers.GetProperty("Lambda-Runtime-Trace-Id").GetString(), StringComparison.Ordinal);
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(headers.GetProperty("Lambda-Runtime-Deadline-Ms").GetString()!));
        Assert.InRange(deadline, before.AddSeconds(9), before.AddSeconds(12));
        var env = body.GetProperty("env");
        Assert.Equal("eu-north-1", env.GetProperty("AWS_REGION").GetString());
        Assert.Equal("test", env.GetProperty("AWS_ACCESS_KEY_ID").GetString());
        Assert.Equal("fixture-fn", env.GetProperty("AWS_LAMBDA_FUNCTION_NAME").GetString());
        Assert.Equal("256", env.GetProperty("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").GetString());
        Assert.Equal("$LATEST", env.GetProperty("AWS_LAMBDA_FUNCTION_VERSION").GetString());
        Assert.Equal("/aws/lambda/fixture-fn", env.GetProperty("AWS_LAMBDA_LOG_GROUP_NAME").GetString());
        Assert.Equal("runtime_function", env.GetProperty("_HANDLER").GetString());
        Assert.Equal(_directory.Path, env.GetProperty("LAMBDA_TASK_ROOT").GetString());
        Assert.Equal("http://127.0.0.1:4566", env.GetProperty("AWS_ENDPOINT_URL").GetString());
        Assert.Equal("enforce", env.GetProperty("GOVERNANCE_MODE").GetString());
        Assert.Equal(JsonValueKind.Null, env.GetProperty("AWS_PROFILE").ValueKind);
    }

    [Fact]
    public async Task InvokeAsync_WhenFunctionPostsAnError_ShouldReturnItsErrorTypeMessageAndDocument()
    {
        await using var host = new LambdaFunctionHost(FunctionFixture.Definition(_directory));
        await host.StartAsync(FunctionFixture.Bounded());

        var result = await host.InvokeAsync("\"throw\"", FunctionFixture.Bounded());

        Assert.False(result.Success);
        Assert.Equal("MarkerError", result.ErrorType);
        Assert.Equal("asked to throw", result.ErrorMessage);
        var document = JsonDocument.Parse(result.ResponseBody!).RootElement;
        Assert.Equal("MarkerError", document.GetProperty("errorType").GetString());
        Assert.Equal("runtime_function.py", document.GetProperty("stackTrace")[0].GetString());
        Assert.Equal(1, host.ProcessStarts);
        Assert.True((await host.InvokeAsync("\"after\"", FunctionFixture.Bounded())).Success);
    }

    [Fact]
    public async Task InvokeAsync_WhenProgramReportsAnInitError_ShouldFailWithThePostedErrorType()
    {
        var definition = FunctionFixture.Definition(_directory, environment: new Dictionary<string, string> { ["FIXTURE_INIT_ERROR"] = "1" });
        await using var host = new LambdaFunctionHost(definition);
        await host.StartAsync(FunctionFixture.Bounded());

        var result = await host.InvokeAsync("{}", FunctionFixture.Bounded());

        Assert.False(result.Success);
        Assert.Equal("Runtime.ConfigError", result.ErrorType);
        Assert.Equal("missing setting GOVERNANCE_TABLE", result.ErrorMessage);
        Assert.Contains("INIT_REPORT Status: error", await File.ReadAllTextAsync(definition.LogFilePath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenFunctionRunsPastTheTimeout_ShouldKillRestartAndReportSandboxTimedout()
    {
        var definition = FunctionFixture.Definition(_directory, timeout: TimeSpan.FromSeconds(1));
        await using var host = new LambdaFunctionHost(definition);
        await host.StartAsync(FunctionFixture.Bounded());
        var firstPid = host.ProcessId;

        var result = await host.InvokeAsync("\"sleep\"", FunctionFixture.Bounded());

        Assert.False(result.Success);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Contains("Task timed out after 1.00 seconds", result.ErrorMessage, StringComparison.Ordinal);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Equal(2, host.ProcessStarts);
        Assert.NotEqual(firstPid, host.ProcessId);
        var next = await host.InvokeAsync("\"fine\"", FunctionFixture.Bounded());
        Assert.True(next.Success, next.ErrorMessage);
        Assert.Equal(host.ProcessId, JsonDocument.Parse(next.ResponseBody!).RootElement.GetProperty("pid").GetInt32());
        Assert.Contains("Task timed out after 1.00 seconds", await File.ReadAllTextAsync(definition.LogFilePath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenProgramCrashesMidInvoke_ShouldReportRuntimeExitErrorAndRestart()
    {
        await using var host = new LambdaFunctionHost(FunctionFixture.Definition(_directory));
        await host.StartAsync(FunctionFixture.Bounded());

        var crashed = await host.InvokeAsync("\"crash\"", FunctionFixture.Bounded());

        Assert.False(crashed.Success);
        Assert.Equal("Runtime.ExitError", crashed.ErrorType);
        Assert.Contains("exit status 3", crashed.ErrorMessage, StringComparison.Ordinal);
        var next = await host.InvokeAsync("\"fine\"", FunctionFixture.Bounded());
        Assert.True(next.Success, next.ErrorMessage);
        Assert.Equal(2, host.ProcessStarts);
    }

    /// <summary>
    /// A sandbox killed while idle (a redeploy, the OOM killer) is never handed the next invoke: Lambda starts a new
    /// one. The host learns of the exit from an event raised later on another thread, so it must ask the process; ten
    /// kills in a row, each followed at once by an invoke, catch a host that waits for the event.
    /// </summary>
    [Fact]
    public async Task InvokeAsync_WhenTheSandboxWasKilledWhileIdle_ShouldStartANewOneInsteadOfFailing()
    {
        await using var host = new LambdaFunctionHost(FunctionFixture.Definition(_directory));
        await host.StartAsync(FunctionFixture.Bounded());
        for (var kill = 1; kill <= 10; kill++)
        {
            var warm = await host.InvokeAsync("\"fine\"", FunctionFixture.Bounded());
            Assert.True(warm.Success, warm.ErrorMessage);
            using (var sandbox = System.Diagnostics.Process.GetProcessById(host.ProcessId!.Value))
            {
                sandbox.Kill(entireProcessTree: true);
                sandbox.WaitForExit();
            }

            var next = await host.InvokeAsync("\"fine\"", FunctionFixture.Bounded());

            Assert.True(next.Success, $"invoke after kill {kill}: {next.ErrorType}: {next.ErrorMessage}");
            Assert.Equal(kill + 1, host.ProcessStarts);
        }
    }

    [Fact]
    public async Task InvokeAsync_WhenCalledConcurrently_ShouldRunOneAtATimeInOneSandbox()
    {
        await using var host = new LambdaFunctionHost(FunctionFixture.Definition(_directory));
        await host.StartAsync(FunctionFixture.Bounded());

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => host.InvokeAsync($"\"event {i}\"", FunctionFixture.Bounded())));

        Assert.All(results, r => Assert.True(r.Success, r.ErrorMessage));
        Assert.Single(results.Select(r => JsonDocument.Parse(r.ResponseBody!).RootElement.GetProperty("pid").GetInt32()).Distinct());
        Assert.Equal(5, results.Select(r => r.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task InvokeAsync_WhenMaxConcurrencyIsTwo_ShouldRunConcurrentInvokesInTwoSandboxes()
    {
        await using var host = new LambdaFunctionHost(FunctionFixture.Definition(_directory) with { MaxConcurrency = 2 });
        await host.StartAsync(FunctionFixture.Bounded());

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => host.InvokeAsync($"\"pause {i}\"", FunctionFixture.Bounded())));

        Assert.All(results, r => Assert.True(r.Success, r.ErrorMessage));
        Assert.Equal(2, results.Select(r => JsonDocument.Parse(r.ResponseBody!).RootElement.GetProperty("pid").GetInt32()).Distinct().Count());
        Assert.Equal(2, host.ProcessStarts);
    }

    [Fact]
    public async Task InvokeAsync_WhenProgramWritesOutput_ShouldCaptureLinesAndPlatformLinesToLogAndCallback()
    {
        var definition = FunctionFixture.Definition(_directory);
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using (var host = new LambdaFunctionHost(definition, lines.Enqueue))
        {
            await host.StartAsync(FunctionFixture.Bounded());
            var result = await host.InvokeAsync("\"log me\"", FunctionFixture.Bounded());
            Assert.True(result.Success);

            // Output arrives asynchronously from the pipes; wait (bounded) for the stderr line.
            var until = DateTime.UtcNow.AddSeconds(10);
            while (!lines.Any(l => l.Contains("stderr line for " + result.RequestId, StringComparison.Ordinal)) && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }

            Assert.Contains(lines, l => l == "handling " + result.RequestId);
            Assert.Contains(lines, l => l == "stderr line for " + result.RequestId);
            Assert.Contains(lines, l => l.StartsWith("START RequestId: " + result.RequestId, StringComparison.Ordinal));
            Assert.Contains(lines, l => l == "END RequestId: " + result.RequestId);
            Assert.Contains(lines, l => l.StartsWith("REPORT RequestId: " + result.RequestId, StringComparison.Ordinal) && l.Contains("Memory Size: 256 MB", StringComparison.Ordinal));
        }

        var log = await File.ReadAllTextAsync(definition.LogFilePath!);
        Assert.Contains("init: starting fixture-fn", log, StringComparison.Ordinal);
        Assert.Contains("END RequestId:", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WhenCommandDoesNotExist_ShouldFailNamingTheCommand()
    {
        var definition = FunctionFixture.Definition(_directory) with { Command = "/nonexistent/bootstrap" };
        await using var host = new LambdaFunctionHost(definition);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(FunctionFixture.Bounded()));

        Assert.Contains("/nonexistent/bootstrap", error.Message, StringComparison.Ordinal);
    }
}
