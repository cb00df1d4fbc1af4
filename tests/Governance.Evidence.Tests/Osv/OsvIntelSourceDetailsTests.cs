using Governance.Core.Evidence;
using Governance.Evidence.Osv;
using Microsoft.AspNetCore.Http;
using static Governance.Evidence.Tests.Osv.OsvTestSupport;

namespace Governance.Evidence.Tests.Osv;

/// <summary>Pagination of querybatch and the per-id detail requests: bounded, and a MAL- id is never lost.</summary>
public sealed class OsvIntelSourceDetailsTests : IDisposable
{
    private readonly HttpClient _http = new();

    private static string Batch(string? token, params string[] ids) =>
        "{\"results\":[{\"vulns\":[" + string.Join(',', ids.Select(i => $"{{\"id\":\"{i}\",\"modified\":\"2026-01-01T00:00:00Z\"}}")) + "]"
        + (token is null ? "" : $",\"next_page_token\":\"{token}\"") + "}]}";

    private static string Record(string id, string severity = "HIGH") =>
        $"{{\"id\":\"{id}\",\"summary\":\"about {id}\",\"database_specific\":{{\"severity\":\"{severity}\"}}}}";

    private static Task Answer(HttpContext c, string body, Func<string, string> batch, Func<string, Task>? detail = null)
    {
        if (c.Request.Path.StartsWithSegments("/v1/querybatch"))
        {
            return ScriptedOsvServer.JsonAsync(c, batch(OsvIntelSourceHostileTests.Token(body)));
        }

        var id = Uri.UnescapeDataString(c.Request.Path.Value!["/v1/vulns/".Length..]);
        return detail is null ? ScriptedOsvServer.JsonAsync(c, Record(id)) : detail(id);
    }

    [Fact]
    public async Task LookUp_ShouldFollowNextPageTokens()
    {
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, token => token switch
        {
            "" => Batch("page-2", "GHSA-aaaa-0000-0001"),
            "page-2" => Batch(null, "GHSA-aaaa-0000-0002", "GHSA-aaaa-0000-0001"),
            _ => "{}",
        }));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri)).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        Assert.Equal(["GHSA-aaaa-0000-0001", "GHSA-aaaa-0000-0002"], intel.Advisories.Select(a => a.Id).Order(StringComparer.Ordinal).ToArray());
        Assert.All(intel.Advisories, a => Assert.Equal(AdvisorySeverity.High, a.Severity));
        Assert.Equal(2, server.Count("/v1/querybatch"));
    }

    [Fact]
    public async Task LookUp_WhenPagesNeverEnd_ShouldStopAtTheBound()
    {
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, token => Batch(token + "x", "GHSA-aaaa-0000-0001")));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri) with { MaxPages = 3 }).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("more pages after 3", intel.Problem, StringComparison.Ordinal);
        Assert.Equal(3, server.Count("/v1/querybatch"));
    }

    [Fact]
    public async Task LookUp_WhenAMalDetailFails_ShouldStillFlagItMalicious()
    {
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, _ => Batch(null, "MAL-2026-2306", "GHSA-aaaa-0000-0001"),
            id => id.StartsWith("MAL-", StringComparison.Ordinal) ? ScriptedOsvServer.JsonAsync(c, "{}", 404) : ScriptedOsvServer.JsonAsync(c, Record(id))));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri)).LookUpAsync(Npm("plain-crypto-js", "4.2.1"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        var malicious = Assert.Single(intel.Advisories, a => a.Id == "MAL-2026-2306");
        Assert.True(malicious.Malicious);
        Assert.Equal(AdvisorySeverity.Critical, malicious.Severity);
        Assert.Contains("404", malicious.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUp_WhenAnOrdinaryDetailFails_ShouldBeUnreachableButKeepTheMaliciousOnes()
    {
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, _ => Batch(null, "GHSA-aaaa-0000-0001", "MAL-2099-1"),
            id => id.StartsWith("MAL-", StringComparison.Ordinal) ? ScriptedOsvServer.JsonAsync(c, "{}", 500) : ScriptedOsvServer.JsonAsync(c, "{\"id\":")));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri, attempts: 1)).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("GET /v1/vulns/GHSA-aaaa-0000-0001: the record is not valid JSON", intel.Problem, StringComparison.Ordinal);
        Assert.True(Assert.Single(intel.Advisories).Malicious);
    }

    [Fact]
    public async Task LookUp_WhenAnOrdinaryDetailFails_ShouldStopAskingForTheRest()
    {
        var ids = Enumerable.Range(1, 6).Select(i => $"GHSA-aaaa-0000-{i:0000}").ToArray();
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, _ => Batch(null, ids), _ => ScriptedOsvServer.JsonAsync(c, "{}", 500)));
        await using var _ = server;

        var options = Options(server.BaseUri, attempts: 1) with { DetailParallelism = 1 };
        var intel = await new OsvIntelSource(_http, options).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("GET /v1/vulns/GHSA-aaaa-0000-0001 answered HTTP 500", intel.Problem, StringComparison.Ordinal);
        Assert.Equal(1, server.Count("/v1/vulns/"));
        Assert.Equal(5, intel.Advisories.Count(a => a.Summary.Contains("an earlier record could not be had", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LookUp_WhenADetailAnswersAnotherId_ShouldBeUnreachable()
    {
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, _ => Batch(null, "GHSA-aaaa-0000-0001"),
            _ => ScriptedOsvServer.JsonAsync(c, Record("GHSA-ffff-ffff-ffff", "LOW"))));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri)).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Unreachable, intel.Status);
        Assert.Contains("a different id", intel.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUp_WhenThereAreMoreIdsThanTheBound_ShouldFetchMaliciousFirstAndListTheRest()
    {
        var ids = Enumerable.Range(1, 10).Select(i => $"GHSA-aaaa-0000-{i:0000}").Append("MAL-2099-9").ToArray();
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, _ => Batch(null, ids)));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri) with { MaxAdvisories = 3 }).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        Assert.Equal(11, intel.Advisories.Count);
        Assert.Equal(3, server.Count("/v1/vulns/"));
        Assert.Contains(server.Requests, r => r.Path == "/v1/vulns/MAL-2099-9");
        Assert.Equal(8, intel.Advisories.Count(a => a.Summary.Contains("more than 3 advisories", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LookUp_WhenARecordIsWithdrawn_ShouldLeaveItOut()
    {
        var server = await ScriptedOsvServer.StartAsync((c, body) => Answer(c, body, _ => Batch(null, "MAL-2099-1", "GHSA-aaaa-0000-0001"),
            id => ScriptedOsvServer.JsonAsync(c, id.StartsWith("MAL-", StringComparison.Ordinal) ? $"{{\"id\":\"{id}\",\"withdrawn\":\"2026-02-01T00:00:00Z\"}}" : Record(id))));
        await using var _ = server;

        var intel = await new OsvIntelSource(_http, Options(server.BaseUri)).LookUpAsync(Npm("p", "1.0.0"), CancellationToken.None);

        Assert.Equal(IntelStatus.Answered, intel.Status);
        Assert.Equal("GHSA-aaaa-0000-0001", Assert.Single(intel.Advisories).Id);
    }

    public void Dispose() => _http.Dispose();
}
