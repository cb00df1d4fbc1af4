using System.Diagnostics;
using Governance.Benchmarks.Stack;

namespace Governance.Benchmarks.ColdStart;

/// <summary>
/// The three ways to package the function program. ReadyToRun and NativeAOT need a runtime-specific restore, which
/// would rewrite the repository's lock files, so they build from a copy of the sources in the work folder (as the
/// Makefile's native-aot target and sam build do) with their own obj/bin.
/// </summary>
public static class FunctionBuilds
{
    /// <summary>Returns (command to run, whether it is a native bootstrap) for the packaging.</summary>
    public static async Task<(string Path, bool Native)> BuildAsync(string packaging, string repositoryRoot, string workFolder, CancellationToken cancellationToken)
    {
        if (packaging == "jit")
        {
            return (await BenchStack.BuildFunctionAsync(repositoryRoot, workFolder, cancellationToken), false);
        }

        var copy = Path.Combine(workFolder, "src-" + packaging);
        var output = Path.Combine(workFolder, "function-" + packaging);
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "governance.yaml" })
        {
            File.Copy(Path.Combine(repositoryRoot, file), Path.Combine(copy, file), overwrite: true);
        }

        CopyTree(Path.Combine(repositoryRoot, "functions"), Path.Combine(copy, "functions"));
        var project = Path.Combine(copy, "functions", "Governance.Functions", "Governance.Functions.csproj");
        string[] flags = packaging switch
        {
            "r2r" => ["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"],
            "aot" => ["-r", "linux-x64", "--self-contained", "-p:PublishAot=true", "-p:StripSymbols=true"],
            _ => throw new ArgumentException($"unknown packaging '{packaging}': use jit, r2r or aot"),
        };
        Console.WriteLine($"coldstart: building the {packaging} function program (dotnet publish {string.Join(' ', flags)}) …");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "-p:RestoreLockedMode=false" }.Concat(flags))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{packaging} publish failed: {await stdout}{await stderr}");
        }

        File.Copy(Path.Combine(repositoryRoot, "governance.yaml"), Path.Combine(output, "governance.yaml"), overwrite: true);
        return packaging == "aot"
            ? (Path.Combine(output, "Governance.Functions"), true)
            : (Path.Combine(output, "Governance.Functions.dll"), false);
    }

    /// <summary>Copies a source tree without its bin/obj folders (the copy restores and builds on its own).</summary>
    internal static void CopyTree(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, directory);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(target, relative));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative), overwrite: true);
        }
    }
}
