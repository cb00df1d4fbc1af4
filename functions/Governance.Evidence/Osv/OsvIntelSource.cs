using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Governance.Core.Evidence;
using Governance.Core.Evidence.Intel;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Evidence.Osv;

/// <summary>
/// Intel from an OSV-compatible API (osv.dev, or the local stack's <c>/osv/</c>): <c>POST /v1/querybatch</c> for the
/// ids of the advisories affecting the version (following <c>next_page_token</c>, bounded), then
/// <c>GET /v1/vulns/{id}</c> for each (bounded, a few at a time) for severity and summary. A <c>MAL-</c> id is
/// malicious whether or not its details arrive. Every fault of the source ends as
/// <see cref="IntelStatus.Unreachable"/> with what failed; only the caller's cancellation propagates.
/// </summary>
public sealed class OsvIntelSource(HttpClient client, OsvOptions options) : IIntelSource
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<IntelEvidence> LookUpAsync(PackageVersionId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var package = OsvPackage.For(id);
        if (package is null)
        {
            return IntelEvidence.NotQueried($"the {id.Format} format has no OSV ecosystem");
        }

        var source = options.BaseUri.AbsoluteUri;
        var attempts = 0;
        var ids = new List<string>();
        string? token = null;
        for (var page = 1; ; page++)
        {
            var body = OsvBatchQuery.Write(package, id.Version, token);
            var response = await EvidenceHttp.SendAsync(client, () => Post("v1/querybatch", body), options.Http, cancellationToken).ConfigureAwait(false);
            attempts += response.Attempts;
            if (!response.Succeeded)
            {
                return Unreachable(source, [], $"POST /v1/querybatch {response.Problem ?? $"answered HTTP {(int?)response.StatusCode}"}", attempts);
            }

            var answer = OsvBatchAnswer.Read(response.Body);
            if (answer.Error is not null)
            {
                return Unreachable(source, [], answer.Error, attempts);
            }

            ids.AddRange(answer.Ids.Where(i => !ids.Contains(i, StringComparer.Ordinal)));
            token = answer.NextPageToken;
            if (token is null)
            {
                break;
            }

            if (page >= options.MaxPages)
            {
                return Unreachable(source, [], $"the querybatch answer still had more pages after {options.MaxPages}", attempts);
            }
        }

        var (advisories, problem, detailAttempts) = await DetailsAsync(ids, cancellationToken).ConfigureAwait(false);
        attempts += detailAttempts;
        return problem is null
            ? new IntelEvidence(IntelStatus.Answered, source, advisories, null, attempts)
            : Unreachable(source, advisories, problem, attempts);
    }

    /// <summary>
    /// Fetches each id's record, malicious ids first so the bound never hides one. Ids beyond the bound, and
    /// <c>MAL-</c> ids whose record could not be had, stay in the list with what their id alone says. A record that
    /// turns out withdrawn (retracted by its database) is left out. The first ordinary id whose record cannot be had
    /// stops the rest: the answer is unreachable either way, and a slow source must not eat the function's deadline.
    /// </summary>
    private async Task<(IReadOnlyList<Advisory> Advisories, string? Problem, int Attempts)> DetailsAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var ordered = ids.OrderByDescending(OsvIds.IsMalicious).ToList();
        var fetched = ordered.Take(Math.Max(0, options.MaxAdvisories)).ToList();
        var results = new ConcurrentDictionary<string, Detail>(StringComparer.Ordinal);
        var attempts = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(
                fetched,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.DetailParallelism), CancellationToken = stop.Token },
                async (advisoryId, ct) =>
                {
                    var detail = await DetailAsync(advisoryId, ct).ConfigureAwait(false);
                    Interlocked.Add(ref attempts, detail.Attempts);
                    results[advisoryId] = detail;
                    if (detail.Problem is not null && !OsvIds.IsMalicious(advisoryId))
                    {
                        await stop.CancelAsync().ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped after a failed record; the ids not fetched are listed below by their id alone.
        }

        var stopped = stop.IsCancellationRequested;

        var advisories = new List<Advisory>();
        string? firstProblem = null;
        foreach (var advisoryId in ordered)
        {
            var result = results.GetValueOrDefault(advisoryId);
            if (result?.Withdrawn == true)
            {
                continue;
            }

            if (result?.Advisory is not null)
            {
                advisories.Add(result.Advisory);
                continue;
            }

            var why = result?.Problem ?? (stopped && fetched.Contains(advisoryId)
                ? "details not fetched: an earlier record could not be had"
                : $"details not fetched: more than {options.MaxAdvisories} advisories");
            if (OsvIds.IsMalicious(advisoryId) || result is null)
            {
                advisories.Add(FromIdAlone(advisoryId, why));
            }
            else
            {
                firstProblem ??= why;
            }
        }

        return (advisories, firstProblem, attempts);
    }

    private async Task<Detail> DetailAsync(string advisoryId, CancellationToken cancellationToken)
    {
        var path = "v1/vulns/" + Uri.EscapeDataString(advisoryId);
        var response = await EvidenceHttp.SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, new Uri(options.BaseUri, path)), options.Http, cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            return new Detail(null, $"GET /{path} {response.Problem ?? "failed"}", false, response.Attempts);
        }

        var record = OsvRecordReader.Read(response.Body);
        if (!record.Succeeded)
        {
            return new Detail(null, $"GET /{path}: {record.Error}", false, response.Attempts);
        }

        if (!string.Equals(record.Advisory.Id, advisoryId, StringComparison.Ordinal))
        {
            return new Detail(null, $"GET /{path} answered the record of a different id", false, response.Attempts);
        }

        return new Detail(record.Advisory, null, record.Withdrawn, response.Attempts);
    }

    private static Advisory FromIdAlone(string advisoryId, string why)
    {
        var malicious = OsvIds.IsMalicious(advisoryId);
        return new Advisory(advisoryId, [], $"({why})", malicious ? AdvisorySeverity.Critical : AdvisorySeverity.Unknown, null, OsvIds.Link(advisoryId), malicious);
    }

    private HttpRequestMessage Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUri, path)) { Content = content };
    }

    /// <summary>What asking for one id's record gave: the advisory, or why not, or that it was withdrawn.</summary>
    private sealed record Detail(Advisory? Advisory, string? Problem, bool Withdrawn, int Attempts);

    private static IntelEvidence Unreachable(string source, IReadOnlyList<Advisory> advisories, string problem, int attempts) =>
        new(IntelStatus.Unreachable, source, advisories, problem, attempts);
}
