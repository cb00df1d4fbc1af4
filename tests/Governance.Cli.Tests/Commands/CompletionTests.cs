namespace Governance.Cli.Tests.Commands;

/// <summary>
/// Shell completion as a user gets it: System.CommandLine's <c>[suggest]</c> directive on the built program, and the
/// bash script of <c>governance completion bash</c> sourced into a real bash, which asks the program through it.
/// </summary>
public sealed class CompletionTests : IDisposable
{
    private readonly TempFolder _dir = new("governance-cli");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("[suggest]", "chec", "check")]
    [InlineData("[suggest:4]", "chec", "check")]
    [InlineData("[suggest:15]", "governance chec", "check")]
    [InlineData("[suggest:21]", "governance check x --f", "--format")]
    [InlineData("[suggest:30]", "governance check x --format nu", "nuget")]
    [InlineData("[suggest:27]", "governance scan --status Un", "Unlisted")]
    public async Task SuggestDirective_ShouldPrintTheMatchingWords(string directive, string line, string expected)
    {
        var result = await CliRunner.RunAsync(_dir.Path, directive, line);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([expected], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("governance chec", "check")]
    [InlineData("governance policy v", "validate")]
    [InlineData("governance check app.tgz --fo", "--format")]
    [InlineData("governance check app.tgz --format m", "maven")]
    [InlineData("governance local up --po", "--port")]
    [InlineData("./bin/governance sc", "scan")]
    [InlineData("~/bin/governance local u", "up")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task BashScript_WhenSourced_ShouldCompleteThroughTheProgram(string line, string expected)
    {
        // The script runs whatever the line's first word names: here a wrapper on PATH, and the same wrapper by path (~ is HOME).
        var bin = _dir.Sub("bin");
        var wrapper = Path.Combine(bin, "governance");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet exec '{LocalUpProcess.CliAssembly}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = """
            source <(governance completion bash)
            read -ra COMP_WORDS <<< "$LINE"
            [[ $LINE == *' ' ]] && COMP_WORDS+=("")
            COMP_LINE=$LINE COMP_POINT=${#LINE} COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _governance_complete
            printf '%s\n' "${COMPREPLY[@]}"
            complete -p governance
            """;

        var bash = await ProcessRunner.RunAsync("bash", ["-c", script], new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["LINE"] = line,
            ["HOME"] = _dir.Path,
        }, _dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(bash.ExitCode == 0, bash.StandardError);
        Assert.Equal($"{expected}\ncomplete -o default -F _governance_complete governance", bash.StandardOutput.TrimEnd('\n'));
    }
}
