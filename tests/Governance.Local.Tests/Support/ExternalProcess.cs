using System.Diagnostics;
using System.Text;

namespace Governance.Local.Tests.Support;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nSTDOUT:\n{StandardOutput}\nSTDERR:\n{StandardError}";
}

/// <summary>Runs an external client (aws CLI, python) with a bounded time, killing it when the time runs out.</summary>
public static class ExternalProcess
{
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time:\n{await stdout}\n{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Environment for AWS clients talking to a local endpoint: explicit test credentials, no profiles, no IMDS, no retries.</summary>
    public static Dictionary<string, string> AwsClientEnvironment(string region = "eu-north-1") => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_REGION"] = region,
        ["AWS_DEFAULT_REGION"] = region,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_CONFIG_FILE"] = "/nonexistent/aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials",
        ["AWS_MAX_ATTEMPTS"] = "1",
        ["AWS_RETRY_MODE"] = "standard",
        ["PYTHONIOENCODING"] = "utf-8",
    };

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);
}
