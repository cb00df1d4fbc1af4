using System.Diagnostics;
using System.Text.Json;

namespace Governance.Cli.Tests.Scan;

/// <summary>The real aws CLI against a scan test's stack: the independent client that checks what the scan did.</summary>
public static class AwsCli
{
    public static async Task<JsonElement> JsonAsync(ScanHarness stack, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--endpoint-url", stack.Endpoint, "--output", "json", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = stack.Stack.Options.Credentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = stack.Stack.Options.Credentials.SecretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = stack.Stack.Options.Region;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_PAGER"] = "";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"aws {string.Join(' ', args)} failed: {await stderr}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }
}
