using System.Diagnostics;
using System.Text;
using Governance.Local.Tests.TestSupport;

namespace Governance.Local.Tests.Osv;

/// <summary><c>governance local up --osv DIR</c>: serves the chosen records at <c>/osv/</c> and says where they come from.</summary>
public sealed class OsvLocalUpTests : IDisposable
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
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0", "--data", _folder.File("data"), "--osv", records })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? osvLine = null;
            string? endpoint = null;
            while (osvLine is null || endpoint is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException(await process.StandardError.ReadToEndAsync(cts.Token));
                osvLine ??= line.StartsWith("OSV intel: ", StringComparison.Ordinal) ? line : null;
                endpoint ??= line.StartsWith("export AWS_ENDPOINT_URL=", StringComparison.Ordinal) ? line["export AWS_ENDPOINT_URL=".Length..] : null;
            }

            Assert.EndsWith($"osv/ <- {records}", osvLine, StringComparison.Ordinal);
            using var http = new HttpClient();
            using var query = new StringContent("""{"package":{"ecosystem":"npm","name":"evil-pkg"},"version":"6.6.6"}""", Encoding.UTF8, "application/json");
            using var answer = await http.PostAsync(new Uri(new Uri(endpoint), "/osv/v1/query"), query, cts.Token);
            Assert.Contains("MAL-LOCAL-7777", await answer.Content.ReadAsStringAsync(cts.Token), StringComparison.Ordinal);
            Assert.Contains(records, File.ReadAllText(Path.Combine(_folder.File("data"), "external-registries.json")), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    [Fact]
    public async Task LocalUp_WhenTheOsvDirectoryDoesNotExist_ShouldExitWith2NamingTheOption()
    {
        var missing = _folder.File("no-such-records");
        var result = await ProcessRunner.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "governance.dll"), "local", "up", "--port", "0", "--data", _folder.File("data"), "--osv", missing], null, null, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--osv DIR: directory not found: {missing}", result.StdErr, StringComparison.Ordinal);
    }
}
