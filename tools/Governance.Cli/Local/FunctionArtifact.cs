using System.Diagnostics;

namespace Governance.Cli.Local;

/// <summary>
/// Builds the function program the way the SAM template's build does (<c>dotnet publish</c> of
/// functions/Governance.Functions, with governance.yaml packaged beside it), so local runs exercise the deployed binary.
/// </summary>
public static class FunctionArtifact
{
    public const string AssemblyFileName = "Governance.Functions.dll";

    /// <summary>The repository root: the nearest folder above <paramref name="start"/> that holds Governance.sln.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Governance.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static async Task<string> BuildAsync(string repositoryRoot, string outputFolder, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var project = Path.Combine(repositoryRoot, "functions", "Governance.Functions", "Governance.Functions.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", outputFolder, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        // Test suites run in parallel processes and each may build the function: publishes of one project share its
        // obj/ folder, so they take turns (an exclusive lock file beside the project) instead of racing on it.
        using var turn = await AcquireBuildLockAsync(Path.GetDirectoryName(project)!, cancellationToken).ConfigureAwait(false);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            await progress.WriteLineAsync(await output.ConfigureAwait(false)).ConfigureAwait(false);
            await progress.WriteLineAsync(await errors.ConfigureAwait(false)).ConfigureAwait(false);
            throw new InvalidOperationException($"dotnet publish of the function program failed (exit {process.ExitCode})");
        }

        File.Copy(Path.Combine(repositoryRoot, "governance.yaml"), Path.Combine(outputFolder, "governance.yaml"), overwrite: true);
        return Path.Combine(outputFolder, AssemblyFileName);
    }

    private static async Task<FileStream> AcquireBuildLockAsync(string projectFolder, CancellationToken cancellationToken)
    {
        var objFolder = Path.Combine(projectFolder, "obj");
        Directory.CreateDirectory(objFolder);
        var path = Path.Combine(objFolder, ".governance-publish.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
