using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Governance.Cli.Local;

/// <summary>
/// One Maven run: its exit code, the whole output (stdout and stderr as they came), and the transfers Maven
/// reported — the URLs of its <c>Downloaded from &lt;id&gt;: &lt;url&gt;</c> and <c>Uploaded to &lt;id&gt;: &lt;url&gt;</c> lines.
/// </summary>
public sealed record MavenRunResult(int ExitCode, string Output, IReadOnlyList<string> Downloaded, IReadOnlyList<string> Uploaded)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// The Maven project of the CodeArtifact walkthrough (<c>nextwork-web-project</c>), written into a folder with the
/// <c>settings.xml</c> the walkthrough writes, and built with the real <c>mvn</c> client the way the walkthrough
/// runs it: <c>mvn -s settings.xml compile</c>, and <c>mvn -s settings.xml deploy</c> to publish. The repository URL
/// is what <c>aws codeartifact get-repository-endpoint --format maven</c> returns (or any URL Maven understands,
/// such as <c>file:///usr/share/maven-repo</c>); the authorization token goes to Maven only through the
/// <c>CODEARTIFACT_AUTH_TOKEN</c> environment variable of the child process, as in the walkthrough, and is never
/// written to disk, printed or kept in a result.
/// </summary>
public sealed partial class MavenWalkthroughProject
{
    public const string GroupId = "com.nextwork.app";
    public const string ArtifactId = "nextwork-web-project";
    public const string Version = "1.0-SNAPSHOT";
    public const string TokenVariable = "CODEARTIFACT_AUTH_TOKEN";

    /// <summary>The project's declared license (an SPDX id the default policy allows).</summary>
    public const string License = "MIT";

    /// <summary>The plugins of a jar build, pinned to the versions Debian ships under /usr/share/maven-repo.</summary>
    public static IReadOnlyList<(string ArtifactId, string Version)> PinnedPlugins { get; } =
    [
        ("maven-resources-plugin", "3.3.0"),
        ("maven-compiler-plugin", "3.10.1"),
        ("maven-surefire-plugin", "2.22.3"),
        ("maven-jar-plugin", "3.3.0"),
        ("maven-install-plugin", "3.1.0"),
        ("maven-deploy-plugin", "3.0.0"),
    ];

    private readonly string _authToken;

    /// <param name="projectFolder">where the project is written (created when missing)</param>
    /// <param name="repositoryEndpoint">the repository's Maven endpoint: settings.xml's repository and mirror URL</param>
    /// <param name="authToken">the CodeArtifact authorization token, given to Maven as CODEARTIFACT_AUTH_TOKEN</param>
    /// <param name="localRepository">Maven's local repository (-Dmaven.repo.local), so each build starts from a known cache</param>
    /// <param name="domain">the CodeArtifact domain; with the repository it names the server, profile and mirror</param>
    /// <param name="repository">the CodeArtifact repository</param>
    public MavenWalkthroughProject(
        string projectFolder, Uri repositoryEndpoint, string authToken, string localRepository,
        string domain = "nextwork", string repository = "nextwork-devops-cicd")
    {
        ArgumentException.ThrowIfNullOrEmpty(projectFolder);
        ArgumentNullException.ThrowIfNull(repositoryEndpoint);
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentException.ThrowIfNullOrEmpty(localRepository);
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentException.ThrowIfNullOrEmpty(repository);
        ProjectFolder = Path.GetFullPath(projectFolder);
        RepositoryEndpoint = repositoryEndpoint;
        LocalRepository = Path.GetFullPath(localRepository);
        ServerId = $"{domain}-{repository}";
        _authToken = authToken;
    }

    public string ProjectFolder { get; }

    public Uri RepositoryEndpoint { get; }

    /// <summary>Where <c>mvn deploy</c> publishes (the POM's distributionManagement); the repository endpoint by default.</summary>
    public Uri? DeploymentEndpoint { get; init; }

    public string LocalRepository { get; }

    /// <summary>The id of the settings.xml server, profile, repository and mirror: <c>{domain}-{repository}</c>.</summary>
    public string ServerId { get; }

    /// <summary>How long one Maven run may take before its process tree is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    public string SettingsFile => Path.Combine(ProjectFolder, "settings.xml");

    public string PomFile => Path.Combine(ProjectFolder, "pom.xml");

    /// <summary>The class <c>compile</c> produces.</summary>
    public string CompiledClassFile => Path.Combine(ProjectFolder, "target", "classes", "com", "nextwork", "app", "App.class");

    /// <summary>Writes pom.xml, settings.xml and the one source file, replacing what was there.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var sources = Path.Combine(ProjectFolder, "src", "main", "java", "com", "nextwork", "app");
        Directory.CreateDirectory(sources);
        await File.WriteAllTextAsync(PomFile, RenderPom(ServerId, DeploymentEndpoint ?? RepositoryEndpoint), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(SettingsFile, RenderSettings(ServerId, RepositoryEndpoint), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(sources, "App.java"), AppSource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>mvn -B -s settings.xml compile</c>.</summary>
    public Task<MavenRunResult> CompileAsync(CancellationToken cancellationToken) => RunGoalsAsync(["compile"], cancellationToken);

    /// <summary><c>mvn -B -s settings.xml deploy</c>.</summary>
    public Task<MavenRunResult> DeployAsync(CancellationToken cancellationToken) => RunGoalsAsync(["deploy"], cancellationToken);

    /// <summary>
    /// <c>mvn -B -s settings.xml -Dmaven.repo.local=… &lt;goals&gt;</c> in the project folder: goals, phases and
    /// options (<c>-D…</c>, <c>-U</c>, …) as given. The run is killed, with its process tree, after <see cref="Timeout"/>
    /// (TimeoutException) or when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<MavenRunResult> RunGoalsAsync(IReadOnlyList<string> goals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(goals);
        if (goals.Count == 0)
        {
            throw new ArgumentException("at least one goal or phase is needed", nameof(goals));
        }

        if (!File.Exists(PomFile) || !File.Exists(SettingsFile))
        {
            throw new InvalidOperationException($"no Maven project in {ProjectFolder}: call WriteAsync first");
        }

        var start = new ProcessStartInfo(MavenPrerequisites.FindMaven())
        {
            WorkingDirectory = ProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -B: batch mode, whose transfer listener logs each "Downloaded from"/"Uploaded to" line (never add -ntp or
        // -q: they replace it with a silent one). style.color=never: plain lines to parse.
        foreach (var argument in new[] { "-B", "-s", "settings.xml", $"-Dmaven.repo.local={LocalRepository}", "-Dstyle.color=never" }.Concat(goals))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[TokenVariable] = _authToken;
        Directory.CreateDirectory(LocalRepository);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {start.FileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"mvn {string.Join(' ', goals)} in {ProjectFolder} did not finish within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; " +
                $"its last output:\n{Tail(Redact(Snapshot(output)), 40)}");
        }

        // WaitForExitAsync has also waited for the end of both redirected streams: the output is complete.
        var text = Redact(Snapshot(output));
        return new MavenRunResult(process.ExitCode, text, ParseTransfers(text, "Downloaded from"), ParseTransfers(text, "Uploaded to"));
    }

    /// <summary>Deletes Maven's local repository, so the next build downloads everything again.</summary>
    public void WipeLocalRepository()
    {
        if (Directory.Exists(LocalRepository))
        {
            Directory.Delete(LocalRepository, recursive: true);
        }

        Directory.CreateDirectory(LocalRepository);
    }

    /// <summary>The URLs of the output's <c>Downloaded from &lt;id&gt;: &lt;url&gt;</c> (or <c>Uploaded to</c>) lines, in order.</summary>
    public static IReadOnlyList<string> ParseTransfers(string output, string verb)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(verb);
        var urls = new List<string>();
        foreach (var line in AnsiEscape().Replace(output, "").Split('\n'))
        {
            var match = TransferLine().Match(line.TrimEnd('\r'));
            if (match.Success && match.Groups["verb"].Value == verb)
            {
                urls.Add(match.Groups["url"].Value);
            }
        }

        return urls;
    }

    /// <summary>The walkthrough's settings.xml: the token comes from the environment, never from the file.</summary>
    public static string RenderSettings(string serverId, Uri repositoryEndpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverId);
        ArgumentNullException.ThrowIfNull(repositoryEndpoint);
        var id = Escape(serverId);
        var url = Escape(repositoryEndpoint.AbsoluteUri);
        return $$"""
            <settings>
              <servers>
                <server>
                  <id>{{id}}</id>
                  <username>aws</username>
                  <password>${env.CODEARTIFACT_AUTH_TOKEN}</password>
                </server>
              </servers>
              <profiles>
                <profile>
                  <id>{{id}}</id>
                  <activation>
                    <activeByDefault>true</activeByDefault>
                  </activation>
                  <repositories>
                    <repository>
                      <id>{{id}}</id>
                      <url>{{url}}</url>
                    </repository>
                  </repositories>
                </profile>
              </profiles>
              <mirrors>
                <mirror>
                  <id>{{id}}</id>
                  <name>{{id}}</name>
                  <url>{{url}}</url>
                  <mirrorOf>*</mirrorOf>
                </mirror>
              </mirrors>
            </settings>

            """;
    }

    /// <summary>The walkthrough project's pom.xml, publishing (distributionManagement) to <paramref name="deploymentEndpoint"/>.</summary>
    public static string RenderPom(string serverId, Uri deploymentEndpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(serverId);
        ArgumentNullException.ThrowIfNull(deploymentEndpoint);
        var id = Escape(serverId);
        var url = Escape(deploymentEndpoint.AbsoluteUri);
        var plugins = string.Concat(PinnedPlugins.Select(plugin => $"""

                    <plugin>
                      <groupId>org.apache.maven.plugins</groupId>
                      <artifactId>{plugin.ArtifactId}</artifactId>
                      <version>{plugin.Version}</version>
                    </plugin>
            """));
        return $$"""
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>

              <groupId>{{GroupId}}</groupId>
              <artifactId>{{ArtifactId}}</artifactId>
              <version>{{Version}}</version>
              <packaging>jar</packaging>
              <name>{{ArtifactId}}</name>
              <description>The NextWork DevOps CI/CD walkthrough's web project</description>

              <!-- The team's own license, declared so the governance review can judge the published artifact. -->
              <licenses>
                <license>
                  <name>{{License}}</name>
                </license>
              </licenses>

              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>

              <dependencies>
                <dependency>
                  <groupId>org.apache.commons</groupId>
                  <artifactId>commons-lang3</artifactId>
                  <version>3.12.0</version>
                </dependency>
                <dependency>
                  <groupId>junit</groupId>
                  <artifactId>junit</artifactId>
                  <version>4.13.2</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>

              <build>
                <!-- Pinned to the versions Debian ships in /usr/share/maven-repo (make prerequisites). -->
                <pluginManagement>
                  <plugins>{{plugins}}
                  </plugins>
                </pluginManagement>
              </build>

              <distributionManagement>
                <repository>
                  <id>{{id}}</id>
                  <url>{{url}}</url>
                </repository>
                <snapshotRepository>
                  <id>{{id}}</id>
                  <url>{{url}}</url>
                </snapshotRepository>
              </distributionManagement>
            </project>

            """;
    }

    private const string AppSource = """
        package com.nextwork.app;

        import org.apache.commons.lang3.StringUtils;

        public class App {
            public static void main(String[] args) {
                System.out.println(StringUtils.capitalize("hello from the nextwork web project"));
            }
        }

        """;

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    // Belt and braces: Maven has no reason to print the token, but a result or exception must never carry it.
    private string Redact(string text) =>
        _authToken.Length == 0 ? text : text.Replace(_authToken, "****", StringComparison.Ordinal);

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    // "[INFO] Downloaded from central: https://…/x.pom (2.2 kB at 720 kB/s)"; "Uploaded to <id>: <url> (…)".
    [GeneratedRegex(@"^(\[[A-Z]+\]\s+)?(?<verb>Downloaded from|Uploaded to) (?<id>[^\s:]+): (?<url>\S+)")]
    private static partial Regex TransferLine();
}
