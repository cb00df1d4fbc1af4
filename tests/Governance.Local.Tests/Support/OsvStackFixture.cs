using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Governance.TestSupport;

namespace Governance.Local.Tests.Support;

/// <summary>One local stack with its default OSV records (the shipped incidents), shared by a test class.</summary>
public sealed class OsvStackFixture : IAsyncLifetime
{
    private LocalStackHarness _harness = null!;

    public LocalStack Stack => _harness.Stack;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri OsvBase => new(Stack.BaseUrl, "osv/");

    public async Task InitializeAsync() => _harness = await LocalStackHarness.StartAsync();

    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(new Uri(OsvBase, path), content);
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    public async Task<(int Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(OsvBase, path));
        return ((int)response.StatusCode, await ParseAsync(response));
    }

    /// <summary>The ids querybatch answers for one package version.</summary>
    public async Task<IReadOnlyList<string>> BatchIdsAsync(string ecosystem, string name, string version)
    {
        var query = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["queries"] = new[] { new Dictionary<string, object> { ["package"] = new Dictionary<string, string> { ["ecosystem"] = ecosystem, ["name"] = name }, ["version"] = version } },
        });
        var (status, body) = await PostAsync("v1/querybatch", query);
        Assert.Equal(200, status);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        return result.TryGetProperty("vulns", out var vulns) ? vulns.EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList() : [];
    }

    private static async Task<JsonElement> ParseAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _harness.DisposeAsync();
    }
}
