using System.Diagnostics;
using Governance.Benchmarks.ColdStart;

namespace Governance.Benchmarks.Verify;

/// <summary>
/// The two ways the <c>governance</c> command is measured: as the Release build leaves it (JIT, what
/// <c>dotnet run</c> and a plain <c>dotnet build</c> give) and as a ReadyToRun publish (what a CI job should
/// install). The ReadyToRun publish needs a runtime-specific restore, which would rewrite the repository's lock
/// files, so it builds from a copy of the sources in the work folder, as <see cref="FunctionBuilds"/> does.
/// </summary>
public static class CliBuilds
{
    /// <summary>The Release build's governance.dll, built with the benchmarks (they reference the CLI project).</summary>
    public static string Jit(string repositoryRoot)
    {
        var cli = Path.Combine(repositoryRoot, "tools", "Governance.Cli", "bin", "Release", "net10.0", "governance.dll");
        return File.Exists(cli)
            ? cli
            : throw new InvalidOperationException($"{cli} not found: build the benchmarks in Release (dotnet run -c Release) so the CLI is built too");
    }

    /// <summary>Publishes the CLI ReadyToRun (framework-dependent, linux-x64) and returns its governance.dll.</summary>
    public static async Task<string> ReadyToRunAsync(string repositoryRoot, string workFolder, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(workFolder, "src-cli-r2r");
        var output = Path.Combine(workFolder, "cli-r2r");
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "governance.yaml" })
        {
            File.Copy(Path.Combine(repositoryRoot, file), Path.Combine(copy, file), overwrite: true);
        }

        // The CLI references the function libraries and the local stack, so both trees come along.
        FunctionBuilds.CopyTree(Path.Combine(repositoryRoot, "functions"), Path.Combine(copy, "functions"));
        FunctionBuilds.CopyTree(Path.Combine(repositoryRoot, "tools"), Path.Combine(copy, "tools"));
        var project = Path.Combine(copy, "tools", "Governance.Cli", "Governance.Cli.csproj");
        string[] arguments =
        [
            "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true",
            "-o", output, "--nologo", "-v", "q", "-p:RestoreLockedMode=false",
        ];
        Console.WriteLine("verify: publishing the CLI ReadyToRun (dotnet publish -r linux-x64 --self-contained false -p:PublishReadyToRun=true) …");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ReadyToRun publish of the CLI failed: {await stdout}{await stderr}");
        }

        return Path.Combine(output, "governance.dll");
    }
}
