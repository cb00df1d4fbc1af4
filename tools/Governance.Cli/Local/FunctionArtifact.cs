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
        // Test suites run in parallel processes and each may build the function: publishes of one project share its
        // obj/ folder, so they take turns (an exclusive lock file beside the project) instead of racing on it.
        using var turn = await AcquireBuildLockAsync(Path.GetDirectoryName(project)!, cancellationToken).ConfigureAwait(false);
        var publish = await ChildProcess.RunAsync(
            "dotnet", ["publish", project, "-c", "Release", "-o", outputFolder, "--nologo", "-v", "q"], null, null, cancellationToken).ConfigureAwait(false);
        if (publish.ExitCode != 0)
        {
            await progress.WriteLineAsync(publish.Output).ConfigureAwait(false);
            await progress.WriteLineAsync(publish.Errors).ConfigureAwait(false);
            throw new InvalidOperationException($"dotnet publish of the function program failed (exit {publish.ExitCode})");
        }

        File.Copy(Path.Combine(repositoryRoot, "governance.yaml"), Path.Combine(outputFolder, "governance.yaml"), overwrite: true);
        return Path.Combine(outputFolder, AssemblyFileName);
    }

    /// <summary>
    /// The NativeAOT build, as the Makefile's <c>native-aot</c> packaging and the cold-start benchmark make it:
    /// <c>dotnet publish -r linux-x64 --self-contained -p:PublishAot=true -p:StripSymbols=true</c>. The RID-specific
    /// restore would rewrite the repository's lock files, so it builds from a copy of the sources kept in
    /// <paramref name="workFolder"/> (synced file by file, so that a second run recompiles only what changed).
    /// Trimming and AOT warnings are kept as warnings here (not errors) so that the caller sees every one of them in
    /// <see cref="NativeAotPublish.Output"/>.
    /// </summary>
    public static async Task<NativeAotPublish> BuildNativeAotAsync(string repositoryRoot, string workFolder, string outputFolder, CancellationToken cancellationToken)
    {
        var copy = Path.Combine(workFolder, "src");
        Directory.CreateDirectory(copy);
        using var turn = await AcquireBuildLockAsync(workFolder, cancellationToken).ConfigureAwait(false);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "governance.yaml" })
        {
            SyncFile(Path.Combine(repositoryRoot, file), Path.Combine(copy, file));
        }

        SyncTree(Path.Combine(repositoryRoot, "functions"), Path.Combine(copy, "functions"));
        var project = Path.Combine(copy, "functions", "Governance.Functions", "Governance.Functions.csproj");
        var publish = await ChildProcess.RunAsync("dotnet",
        [
            "publish", project, "-c", "Release", "-o", outputFolder, "--nologo", "-v", "minimal",
            "-r", "linux-x64", "--self-contained", "-p:PublishAot=true", "-p:StripSymbols=true", "-p:RestoreLockedMode=false",
            "-p:IlcTreatWarningsAsErrors=false", "-p:ILLinkTreatWarningsAsErrors=false",
        ], null, null, cancellationToken).ConfigureAwait(false);
        var text = publish.Output + publish.Errors;
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"NativeAOT publish of the function program failed (exit {publish.ExitCode}):\n{text}");
        }

        File.Copy(Path.Combine(repositoryRoot, "governance.yaml"), Path.Combine(outputFolder, "governance.yaml"), overwrite: true);
        return new NativeAotPublish(Path.Combine(outputFolder, Path.GetFileNameWithoutExtension(AssemblyFileName)), text);
    }

    /// <summary>
    /// Makes <paramref name="target"/> hold the files of <paramref name="source"/> (bin/obj aside): copies what differs,
    /// deletes what the source no longer has (a stale .cs file would still compile), and leaves identical files
    /// untouched so that their timestamps keep the copy's incremental build valid.
    /// </summary>
    private static void SyncTree(string source, string target)
    {
        static bool IsBuildOutput(string relative) => relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj");
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (!IsBuildOutput(relative))
            {
                wanted.Add(relative);
                SyncFile(file, Path.Combine(target, relative));
            }
        }

        foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(target, file);
            if (!IsBuildOutput(relative) && !wanted.Contains(relative))
            {
                File.Delete(file);
            }
        }
    }

    private static void SyncFile(string source, string target)
    {
        var existing = new FileInfo(target);
        if (existing.Exists && existing.Length == new FileInfo(source).Length && SameContent(source, target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
    }

    private static bool SameContent(string left, string right)
    {
        using var a = File.OpenRead(left);
        using var b = File.OpenRead(right);
        var bufferA = new byte[16 * 1024];
        var bufferB = new byte[bufferA.Length];
        while (true)
        {
            var read = a.ReadAtLeast(bufferA, bufferA.Length, throwOnEndOfStream: false);
            if (b.ReadAtLeast(bufferB, bufferB.Length, throwOnEndOfStream: false) != read || !bufferA.AsSpan(0, read).SequenceEqual(bufferB.AsSpan(0, read)))
            {
                return false;
            }

            if (read < bufferA.Length)
            {
                return true;
            }
        }
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

/// <summary>A NativeAOT publish: the native executable (Lambda's <c>bootstrap</c>) and everything the publish printed.</summary>
public sealed partial record NativeAotPublish(string BootstrapPath, string Output)
{
    /// <summary>The trimming (IL2xxx) and AOT (IL3xxx) diagnostics the publish printed, each once.</summary>
    public IReadOnlyList<string> TrimAndAotWarnings =>
        [.. Output.Split('\n').Select(l => l.Trim()).Where(l => TrimOrAotDiagnostic().IsMatch(l)).Distinct(StringComparer.Ordinal)];

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(warning|error) IL[23][0-9]{3}\b")]
    private static partial System.Text.RegularExpressions.Regex TrimOrAotDiagnostic();
}
