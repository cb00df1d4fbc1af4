using System.Text;
using System.Text.RegularExpressions;
using Governance.TestSupport;

namespace Governance.Local.Tests.Osv;

/// <summary><c>governance local up --osv DIR</c>: serves the chosen records at <c>/osv/</c> and says where they come from.</summary>
public sealed partial class OsvLocalUpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task LocalUp_WithOsvDirectory_ShouldServeThoseRecords()
    {
        var records = Directory.CreateDirectory(_folder.File("records")).FullName;
        File.WriteAllText(Path.Combine(records, "MAL-LOCAL-7777.json"), """
            {"id":"MAL-LOCAL-7777","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"evil-pkg"},"versions":["6.6.6"]}]}
            """);
        await using var localUp = await LocalUpProcess.StartAsync(_folder.File("data"), ["--osv", records]);
        var osvLine = (await localUp.Process.WaitForLineAsync(OsvLine(), TimeSpan.FromSeconds(60))).Value;
        var endpoint = (await localUp.Process.WaitForLineAsync(EndpointExport(), TimeSpan.FromSeconds(60))).Groups[1].Value;

        Assert.EndsWith($"osv/ <- {records}", osvLine, StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        using var query = new StringContent("""{"package":{"ecosystem":"npm","name":"evil-pkg"},"version":"6.6.6"}""", Encoding.UTF8, "application/json");
        using var answer = await http.PostAsync(new Uri(new Uri(endpoint), "/osv/v1/query"), query, cts.Token);
        Assert.Contains("MAL-LOCAL-7777", await answer.Content.ReadAsStringAsync(cts.Token), StringComparison.Ordinal);
        Assert.Contains(records, File.ReadAllText(Path.Combine(_folder.File("data"), "external-registries.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalUp_WhenTheOsvDirectoryDoesNotExist_ShouldExitWith2NamingTheOption()
    {
        var missing = _folder.File("no-such-records");
        var result = await ProcessRunner.RunAsync(
            "dotnet", [LocalUpProcess.CliAssembly, "local", "up", "--port", "0", "--data", _folder.File("data"), "--osv", missing], timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--osv DIR: directory not found: {missing}", result.StandardError, StringComparison.Ordinal);
    }

    [GeneratedRegex("^OSV intel: .*")]
    private static partial Regex OsvLine();

    [GeneratedRegex("^export AWS_ENDPOINT_URL=(.+)$")]
    private static partial Regex EndpointExport();
}
