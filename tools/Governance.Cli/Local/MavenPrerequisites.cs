namespace Governance.Cli.Local;

/// <summary>
/// What the Maven walkthrough builds with, as <c>make prerequisites</c> installs it: <c>mvn</c> and <c>javac</c> on
/// PATH, and Debian's Maven repository (<c>/usr/share/maven-repo</c>) holding the plugin versions the walkthrough's
/// project pins and its two libraries. Tests call <see cref="EnsureInstalled"/> first, so a machine without them
/// fails with one line that says what to run instead of skipping.
/// </summary>
public static class MavenPrerequisites
{
    /// <summary>Debian's Maven repository: the stand-in for Maven Central on offline machines.</summary>
    public const string DebianRepositoryFolder = "/usr/share/maven-repo";

    public const string MavenNotFoundMessage = "mvn not found: run `make prerequisites`";

    /// <summary>Debian's Maven repository as a repository URL, for a settings.xml mirror.</summary>
    public static Uri DebianRepository { get; } = new("file://" + DebianRepositoryFolder);

    /// <summary>One file per Debian package the project needs; the Makefile's prerequisites target checks the same.</summary>
    public static IReadOnlyList<string> RepositoryMarkers { get; } =
    [
        "org/apache/maven/plugins/maven-resources-plugin/3.3.0/maven-resources-plugin-3.3.0.pom",
        "org/apache/maven/plugins/maven-compiler-plugin/3.10.1/maven-compiler-plugin-3.10.1.pom",
        "org/apache/maven/plugins/maven-jar-plugin/3.3.0/maven-jar-plugin-3.3.0.pom",
        "org/apache/maven/plugins/maven-install-plugin/3.1.0/maven-install-plugin-3.1.0.pom",
        "org/apache/maven/plugins/maven-deploy-plugin/3.0.0/maven-deploy-plugin-3.0.0.pom",
        "org/apache/maven/plugins/maven-surefire-plugin/2.22.3/maven-surefire-plugin-2.22.3.pom",
        "org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.pom",
        "junit/junit/4.13.2/junit-4.13.2.pom",
    ];

    /// <summary>What is missing (empty when everything is installed): the tools on PATH, the repository's marker files.</summary>
    public static IReadOnlyList<string> FindMissing(string repositoryFolder = DebianRepositoryFolder, string? searchPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(repositoryFolder);
        var missing = new List<string>();
        if (FindOnPath("mvn", searchPath) is null)
        {
            missing.Add("mvn");
        }

        if (FindOnPath("javac", searchPath) is null)
        {
            missing.Add("javac (a JDK)");
        }

        var absent = RepositoryMarkers.Where(marker => !File.Exists(Path.Combine(repositoryFolder, marker))).ToList();
        if (absent.Count > 0)
        {
            missing.Add($"{Path.Combine(repositoryFolder, absent[0])}{(absent.Count > 1 ? $" and {absent.Count - 1} more files" : "")}");
        }

        return missing;
    }

    /// <summary>Throws, with one line naming <c>make prerequisites</c>, when anything is missing.</summary>
    public static void EnsureInstalled() => EnsureInstalled(DebianRepositoryFolder, searchPath: null);

    internal static void EnsureInstalled(string repositoryFolder, string? searchPath)
    {
        var missing = FindMissing(repositoryFolder, searchPath);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Maven prerequisites missing ({string.Join(", ", missing)}): run `make prerequisites`");
        }
    }

    /// <summary>The full path of <c>mvn</c> on PATH; throws with one line when it is not there.</summary>
    public static string FindMaven() => FindOnPath("mvn") ?? throw new InvalidOperationException(MavenNotFoundMessage);

    /// <summary>The first executable file named <paramref name="name"/> in <paramref name="searchPath"/> (PATH by default).</summary>
    public static string? FindOnPath(string name, string? searchPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        searchPath ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        var names = OperatingSystem.IsWindows() ? new[] { name + ".cmd", name + ".exe", name } : new[] { name };
        foreach (var folder in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names.Select(file => Path.Combine(folder, file)))
            {
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
