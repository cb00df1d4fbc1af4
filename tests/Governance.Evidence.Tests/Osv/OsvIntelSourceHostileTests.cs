using System.Text.Json;
using Governance.Core.Evidence;
using Governance.Evidence.Osv;
using Microsoft.AspNetCore.Http;
using static Governance.Evidence.Tests.Osv.OsvTestSupport;

namespace Governance.Evidence.Tests.Osv;

/// <summary>The adapter against servers that misbehave: every fault ends as Unreachable with what failed, never an exception.</summary>
public sealed class OsvIntelSourceHostileTests : IDisposable
{
    private const string Log4ShellBatch = """{"results":[{"vulns":[{"id":"GHSA-jfh8-c2jp-5v3q","modified":"2026-01-01T00:00:00Z"}]}]}""";
    private const string Log4ShellRecord = """
        {"id":"GHSA-jfh8-c2jp-5v3q","summary":"Log4Shell","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}]}
        """;

    private readonly HttpClient _http = new();

    private async Task<(IntelEvidence Intel, ScriptedOsvServer Server)> LookUpAsync(Func<HttpContext, string, Task> answer, Func<Uri, OsvOptions>? options = null)
    {
        var server = await ScriptedOsvServer.StartAsync(answer);
        var source = new OsvIntelSource(_http, (options ?? (u => Options(u)))(server.BaseUri));
        return (await source.LookUpAsync(Maven("org.apache.logging.log4j", "log4j-core", "2.14.1"), CancellationToken.None), server);
    }

    [Fact]
    public async Task LookUp_ShouldPostTheQueryOsvDevExpects()
    {
        var server = await ScriptedOsvServer.StartAsync((c, _) => ScriptedOsvServer.JsonAsync(c, "{\"results\":[{}]}"));
        await using var _ = server;
        var source = new OsvIntelSource(_http, Options(server.BaseUri));

        var intel = await source.LookUpAsync(Npm("ui-kit", "2.3.1", scope: "acme"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/querybatch"), (request.Method, request.Path));
        Assert.Equal("""{"queries":[{"package":{"ecosystem":"npm","name":"@acme/ui-kit"},"version":"2.3.1"}]}""", request.Body);
    }

    [Theory]
    [InlineData("{\"results\":[{\"vulns\":[{\"id\":", "not valid JSON")]
    [InlineData("[]", "is not a JSON object")]
    [InlineData("{\"results\":[]}", "0 entries in \"results\" for 1 query")]
    [InlineData("{\"results\":[{\"vulns\":[{\"modified\":\"x\"}]}]}", "results[0].vulns[0].id")]
    [InlineData("{\"results\":[{\"vulns\":[{\"id\":\"../../admin\"}]}]}", "results[0].vulns[0].id that is not an OSV id")]
    [InlineData("{\"results\":[{\"vulns\":{}}]}", "results[0].vulns that is not an array")]
    [InlineData("{\"results\":[{\"next_page_token\":42}]}", "next_page_token")]
    public async Task LookUp_WhenTheBatchAnswerIsMalformed_ShouldBeUnreachableSayingWhere(string body, string expected)
    {
        var (intel, server) = await LookUpAsync((c, _) => ScriptedOsvServer.JsonAsync(c, body));
        await using var _ = server;

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains(expected, intel.Problem, StringComparison.Ordinal);
        Assert.Equal(server.BaseUri.AbsoluteUri, intel.Source);
    }

    [Fact]
    public async Task LookUp_WhenTheServerIsSlow_ShouldTimeOutAndSaySo()
    {
        var (intel, server) = await LookUpAsync(
            async (c, _) => await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted),
            u => Options(u, attempts: 2, timeout: TimeSpan.FromMilliseconds(300)));
        await using var _ = server;

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("did not answer within 0.3 s (2 attempts)", intel.Problem, StringComparison.Ordinal);
        Assert.Equal(2, intel.Attempts);
    }

    [Fact]
    public async Task LookUp_WhenTheAnswerIsHuge_ShouldStopReadingAtTheBound()
    {
        var (intel, server) = await LookUpAsync(
            async (c, _) =>
            {
                c.Response.ContentType = "application/json";
                var chunk = new byte[64 * 1024];
                for (var i = 0; i < 1024 && !c.RequestAborted.IsCancellationRequested; i++)
                {
                    await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                }
            },
            u => Options(u, attempts: 1, maxBytes: 100_000));
        await using var _ = server;

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("more than 100,000 bytes", intel.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUp_When503ThenOk_ShouldRetryAndAnswer()
    {
        var batches = 0;
        var (intel, server) = await LookUpAsync((c, _) => c.Request.Path.StartsWithSegments("/v1/querybatch")
            ? Interlocked.Increment(ref batches) == 1 ? ScriptedOsvServer.JsonAsync(c, "{}", 503) : ScriptedOsvServer.JsonAsync(c, Log4ShellBatch)
            : ScriptedOsvServer.JsonAsync(c, Log4ShellRecord));
        await using var _ = server;

        Assert.Equal(IntelStatus.Answered, intel.Status);
        Assert.Equal(10.0, Assert.Single(intel.Advisories).Score);
        Assert.Equal(2, server.Count("/v1/querybatch"));
        Assert.Equal(3, intel.Attempts);
    }

    [Fact]
    public async Task LookUp_When503Always_ShouldBeUnreachableAfterEveryAttempt()
    {
        var (intel, server) = await LookUpAsync((c, _) => ScriptedOsvServer.JsonAsync(c, "{}", 503));
        await using var _ = server;

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("POST /v1/querybatch answered HTTP 503", intel.Problem, StringComparison.Ordinal);
        Assert.Contains("(3 attempts)", intel.Problem, StringComparison.Ordinal);
        Assert.Equal(3, intel.Attempts);
        Assert.Equal(3, server.Count("/v1/querybatch"));
    }

    [Fact]
    public async Task LookUp_When400_ShouldNotRetry()
    {
        var (intel, server) = await LookUpAsync((c, _) => ScriptedOsvServer.JsonAsync(c, "{\"code\":3,\"message\":\"Invalid query.\"}", 400));
        await using var _ = server;

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("HTTP 400", intel.Problem, StringComparison.Ordinal);
        Assert.Equal(1, intel.Attempts);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task LookUp_WhenNothingListens_ShouldBeUnreachable()
    {
        var source = new OsvIntelSource(_http, Options(new Uri("http://127.0.0.1:1/"), attempts: 1));

        var intel = await source.LookUpAsync(Npm("colors", "1.4.1"), CancellationToken.None);

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("could not be reached", intel.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUp_WhenCancelled_ShouldPropagate()
    {
        var server = await ScriptedOsvServer.StartAsync(async (c, _) => await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted));
        await using var _ = server;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new OsvIntelSource(_http, Options(server.BaseUri)).LookUpAsync(Npm("colors", "1.4.1"), cancel.Token));
    }

    public void Dispose() => _http.Dispose();

    internal static string Token(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("queries")[0].TryGetProperty("page_token", out var t) ? t.GetString()! : "";
}
