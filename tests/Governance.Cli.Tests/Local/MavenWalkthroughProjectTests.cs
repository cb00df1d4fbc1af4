using System.Xml.Linq;
using Governance.Cli.Local;

namespace Governance.Cli.Tests.Local;

/// <summary>
/// The walkthrough's Maven project, written and built with the real <c>mvn</c> against Debian's Maven repository
/// (<c>file:///usr/share/maven-repo</c>, installed by <c>make prerequisites</c>) in place of CodeArtifact.
/// </summary>
public class MavenWalkthroughProjectTests : IDisposable
{
    private const string Token = "test-token-7f3a9c1e5b";
    private static readonly XNamespace Pom = "http://maven.apache.org/POM/4.0.0";
    private readonly TempFolder _dir = new("governance-cli");

    public void Dispose() => _dir.Dispose();

    private MavenWalkthroughProject NewProject(Uri? deploymentEndpoint = null) =>
        new(_dir.File("project"), MavenPrerequisites.DebianRepository, Token, _dir.File("m2"))
        {
            DeploymentEndpoint = deploymentEndpoint,
            Timeout = TimeSpan.FromMinutes(3),
        };

    private static void AssertSucceeded(MavenRunResult result) =>
        Assert.True(result.Succeeded, $"mvn exited {result.ExitCode}:\n{string.Join('\n', result.Output.Split('\n').TakeLast(60))}");

    [Fact]
    public async Task Write_ShouldWriteTheWalkthroughsSettingsWithServerProfileAndMirror()
    {
        var endpoint = new Uri("https://nextwork-123456789012.d.codeartifact.us-east-1.amazonaws.com/maven/nextwork-devops-cicd/");
        var project = new MavenWalkthroughProject(_dir.File("project"), endpoint, Token, _dir.File("m2"));

        await project.WriteAsync(CancellationToken.None);

        Assert.Equal("nextwork-nextwork-devops-cicd", project.ServerId);
        var settings = XDocument.Load(project.SettingsFile).Root!;
        Assert.Equal("settings", settings.Name.LocalName);
        var server = Assert.Single(settings.Elements("servers").Elements("server"));
        Assert.Equal("nextwork-nextwork-devops-cicd", server.Element("id")?.Value);
        Assert.Equal("aws", server.Element("username")?.Value);
        Assert.Equal("${env.CODEARTIFACT_AUTH_TOKEN}", server.Element("password")?.Value);
        var profile = Assert.Single(settings.Elements("profiles").Elements("profile"));
        Assert.Equal("nextwork-nextwork-devops-cicd", profile.Element("id")?.Value);
        Assert.Equal("true", profile.Element("activation")?.Element("activeByDefault")?.Value);
        var repository = Assert.Single(profile.Elements("repositories").Elements("repository"));
        Assert.Equal("nextwork-nextwork-devops-cicd", repository.Element("id")?.Value);
        Assert.Equal(endpoint.AbsoluteUri, repository.Element("url")?.Value);
        var mirror = Assert.Single(settings.Elements("mirrors").Elements("mirror"));
        Assert.Equal("nextwork-nextwork-devops-cicd", mirror.Element("id")?.Value);
        Assert.Equal("*", mirror.Element("mirrorOf")?.Value);
        Assert.Equal(endpoint.AbsoluteUri, mirror.Element("url")?.Value);
        // The token reaches Maven through the environment only: no written file holds it.
        foreach (var file in Directory.EnumerateFiles(project.ProjectFolder, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Token, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Write_ShouldWriteTheWalkthroughsPomWithPinnedPluginsAndDistributionManagement()
    {
        var endpoint = new Uri("http://127.0.0.1:4566/maven/nextwork-devops-cicd/");
        var project = new MavenWalkthroughProject(_dir.File("project"), endpoint, Token, _dir.File("m2"), "nextwork", "nextwork-devops-cicd");

        await project.WriteAsync(CancellationToken.None);

        var pom = XDocument.Load(project.PomFile).Root!;
        Assert.Equal("com.nextwork.app", pom.Element(Pom + "groupId")?.Value);
        Assert.Equal("nextwork-web-project", pom.Element(Pom + "artifactId")?.Value);
        Assert.Equal("1.0-SNAPSHOT", pom.Element(Pom + "version")?.Value);
        Assert.Equal("jar", pom.Element(Pom + "packaging")?.Value);
        Assert.Equal("17", pom.Element(Pom + "properties")?.Element(Pom + "maven.compiler.release")?.Value);
        var dependencies = pom.Element(Pom + "dependencies")!.Elements(Pom + "dependency")
            .Select(d => $"{d.Element(Pom + "groupId")?.Value}:{d.Element(Pom + "artifactId")?.Value}:{d.Element(Pom + "version")?.Value}:{d.Element(Pom + "scope")?.Value ?? "compile"}")
            .ToList();
        Assert.Equal(["org.apache.commons:commons-lang3:3.12.0:compile", "junit:junit:4.13.2:test"], dependencies);
        var plugins = pom.Descendants(Pom + "plugin")
            .ToDictionary(p => p.Element(Pom + "artifactId")!.Value, p => p.Element(Pom + "version")!.Value);
        Assert.Equal("3.3.0", plugins["maven-resources-plugin"]);
        Assert.Equal("3.10.1", plugins["maven-compiler-plugin"]);
        Assert.Equal("3.3.0", plugins["maven-jar-plugin"]);
        Assert.Equal("3.1.0", plugins["maven-install-plugin"]);
        Assert.Equal("3.0.0", plugins["maven-deploy-plugin"]);
        Assert.Equal("2.22.3", plugins["maven-surefire-plugin"]);
        var distribution = pom.Element(Pom + "distributionManagement")!;
        foreach (var name in new[] { "repository", "snapshotRepository" })
        {
            Assert.Equal("nextwork-nextwork-devops-cicd", distribution.Element(Pom + name)?.Element(Pom + "id")?.Value);
            Assert.Equal(endpoint.AbsoluteUri, distribution.Element(Pom + name)?.Element(Pom + "url")?.Value);
        }

        Assert.True(File.Exists(Path.Combine(project.ProjectFolder, "src", "main", "java", "com", "nextwork", "app", "App.java")));
        Assert.Contains("org.apache.commons.lang3.StringUtils",
            await File.ReadAllTextAsync(Path.Combine(project.ProjectFolder, "src", "main", "java", "com", "nextwork", "app", "App.java")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(project.ProjectFolder, "src", "test")));
    }

    [Fact]
    public void ParseTransfers_ShouldReadDownloadedAndUploadedLinesOnly()
    {
        const string output = "\u001b[0m\u001b[0m[INFO] Scanning for projects...\n" +
            "[INFO] Downloading from nextwork-nextwork-devops-cicd: https://h/maven/r/junit/junit/4.13.2/junit-4.13.2.pom\n" +
            "[INFO] Downloaded from nextwork-nextwork-devops-cicd: https://h/maven/r/junit/junit/4.13.2/junit-4.13.2.pom (1.6 kB at 66 kB/s)\r\n" +
            "[WARNING] Checksum validation failed, no checksums available from x for file:///a.jar\n" +
            "\u001b[1;34m[INFO]\u001b[m Downloaded from central: file:///usr/share/maven-repo/a/b/1/b-1.jar (1 kB at 1 MB/s)\n" +
            "[INFO] Uploading to nextwork-nextwork-devops-cicd: https://h/maven/r/com/x/1.0/x-1.0.jar\n" +
            "[INFO] Uploaded to nextwork-nextwork-devops-cicd: https://h/maven/r/com/x/1.0/x-1.0.jar (2.6 kB at 294 kB/s)\n";

        Assert.Equal(
            ["https://h/maven/r/junit/junit/4.13.2/junit-4.13.2.pom", "file:///usr/share/maven-repo/a/b/1/b-1.jar"],
            MavenWalkthroughProject.ParseTransfers(output, "Downloaded from"));
        Assert.Equal(["https://h/maven/r/com/x/1.0/x-1.0.jar"], MavenWalkthroughProject.ParseTransfers(output, "Uploaded to"));
    }

    [Fact]
    public async Task RunGoals_BeforeWrite_ShouldSayToWriteFirst()
    {
        var project = NewProject();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => project.CompileAsync(CancellationToken.None));

        Assert.Contains("call WriteAsync first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindOnPath_WhenMavenIsNotThere_ShouldFindNothing()
    {
        Assert.Null(MavenPrerequisites.FindOnPath("mvn", _dir.File("empty-bin")));
        Assert.Equal("mvn not found: run `make prerequisites`", MavenPrerequisites.MavenNotFoundMessage);
    }

    [Fact]
    public void EnsureInstalled_WhenMavenAndTheRepositoryAreMissing_ShouldFailWithOneLineNamingMakePrerequisites()
    {
        var emptyRepository = _dir.Sub("maven-repo");

        var error = Assert.Throws<InvalidOperationException>(
            () => MavenPrerequisites.EnsureInstalled(emptyRepository, _dir.File("empty-bin")));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("Maven prerequisites missing (mvn, javac (a JDK), " + emptyRepository, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("): run `make prerequisites`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunGoals_WhenMavenOutlivesTheTimeout_ShouldKillItAndSaySo()
    {
        MavenPrerequisites.EnsureInstalled();
        var project = new MavenWalkthroughProject(_dir.File("project"), MavenPrerequisites.DebianRepository, Token, _dir.File("m2"))
        {
            Timeout = TimeSpan.FromMilliseconds(200),
        };
        await project.WriteAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => project.CompileAsync(CancellationToken.None));
        Assert.Contains("did not finish within 0.2 s", error.Message, StringComparison.Ordinal);

        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new MavenWalkthroughProject(project.ProjectFolder, MavenPrerequisites.DebianRepository, Token, project.LocalRepository).CompileAsync(cancelled.Token));
    }

    [Fact]
    public async Task Compile_AgainstDebianRepository_ShouldProduceAppClassThroughTheMirror()
    {
        MavenPrerequisites.EnsureInstalled();
        var project = NewProject();
        await project.WriteAsync(CancellationToken.None);

        var result = await project.CompileAsync(CancellationToken.None);

        AssertSucceeded(result);
        Assert.True(File.Exists(project.CompiledClassFile), $"missing {project.CompiledClassFile}");
        Assert.Contains("file:///usr/share/maven-repo/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar", result.Downloaded);
        Assert.Contains("file:///usr/share/maven-repo/org/apache/maven/plugins/maven-compiler-plugin/3.10.1/maven-compiler-plugin-3.10.1.jar", result.Downloaded);
        // Everything came through the settings.xml mirror; nothing was uploaded.
        Assert.All(result.Downloaded, url => Assert.StartsWith("file:///usr/share/maven-repo/", url, StringComparison.Ordinal));
        Assert.Empty(result.Uploaded);
        Assert.DoesNotContain(Token, result.Output, StringComparison.Ordinal);

        // A second build finds everything in the local repository; a wiped one starts empty again.
        var again = await project.CompileAsync(CancellationToken.None);
        AssertSucceeded(again);
        Assert.Empty(again.Downloaded);
        project.WipeLocalRepository();
        Assert.Empty(Directory.EnumerateFileSystemEntries(project.LocalRepository));
    }

    [Fact]
    public async Task Deploy_ToFileRepository_ShouldLeaveJarAndPomThere()
    {
        MavenPrerequisites.EnsureInstalled();
        var deployed = _dir.File("deployed");
        var project = NewProject(new Uri(deployed + "/"));
        await project.WriteAsync(CancellationToken.None);

        var result = await project.DeployAsync(CancellationToken.None);

        AssertSucceeded(result);
        var folder = Path.Combine(deployed, "com", "nextwork", "app", "nextwork-web-project", "1.0-SNAPSHOT");
        Assert.True(Directory.Exists(folder), $"nothing deployed to {folder}");
        var jar = Assert.Single(Directory.GetFiles(folder, "nextwork-web-project-1.0-*.jar"));
        var pom = Assert.Single(Directory.GetFiles(folder, "nextwork-web-project-1.0-*.pom"));
        Assert.Contains(new Uri(jar).AbsoluteUri, result.Uploaded);
        Assert.Contains(new Uri(pom).AbsoluteUri, result.Uploaded);
        Assert.Contains("<artifactId>commons-lang3</artifactId>", await File.ReadAllTextAsync(pom), StringComparison.Ordinal);
        Assert.Contains("file:///usr/share/maven-repo/junit/junit/4.13.2/junit-4.13.2.jar", result.Downloaded);
    }
}
