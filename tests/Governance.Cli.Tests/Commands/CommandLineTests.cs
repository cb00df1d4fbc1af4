using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using Governance.Cli.Commands;

namespace Governance.Cli.Tests.Commands;

/// <summary>
/// The command line as a whole (System.CommandLine): help on every command, the version, usage errors with exit 2 and
/// suggestions for misspelled commands and options.
/// </summary>
public sealed partial class CommandLineTests() : CommandTests()
{
    /// <summary>Every command of the tree, as the words that name it after <c>governance</c>.</summary>
    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            data.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, (path + " " + sub.Name).Trim());
            }
        }
        Walk(GovernanceCommands.Create(TimeProvider.System), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Help_OnEveryCommand_ShouldExitZeroAndDescribeEachOptionAndArgument(string path)
    {
        var command = Find(path);
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (exit, output, err) = CliRunner.InProcess(Now, [.. Words(path), flag]);

            Assert.True(exit == 0, err);
            var help = Collapse(output);
            Assert.Contains($"Usage: governance {path}".TrimEnd(), help, StringComparison.Ordinal);
            Assert.Contains(Collapse(command.Description!), help, StringComparison.Ordinal);
            foreach (var option in command.Options.Where(o => !o.Hidden))
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{path} {option.Name} has no description");
                Assert.Contains(option.Name, help, StringComparison.Ordinal);
                Assert.Contains(Collapse(option.Description!), help, StringComparison.Ordinal);
            }
            foreach (var argument in command.Arguments)
            {
                Assert.Contains(Collapse(argument.Description!), help, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void NoCommand_ShouldPrintTheHelpOnStderrAndExitTwo()
    {
        var (exit, output, err) = CliRunner.InProcess(Now);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("Usage:", err, StringComparison.Ordinal);
        foreach (var command in new[] { "demo", "local", "check", "scan", "policy", "completion" })
        {
            Assert.Matches($@"(?m)^\s+{command}\b", err);
        }
    }

    [Theory]
    [InlineData("chek", "governance: unknown command 'chek'; did you mean `check`?")]
    [InlineData("chekc x", "governance: unknown command 'chekc'; did you mean `check`?")]
    [InlineData("local upp", "governance local: unknown command 'upp'; did you mean `up`?")]
    [InlineData("frobnicate", "governance: unknown command 'frobnicate'")]
    [InlineData("check x --format npm --licence MIT", "governance check: unknown option '--licence'; did you mean `--license`?")]
    [InlineData("local up --prot 1", "governance local up: unknown option '--prot'; did you mean `--port`?")]
    [InlineData("local up --port 65536", "governance local up: --port must be a number from 0 to 65535, not '65536'")]
    [InlineData("local up --port -1", "governance local up: --port must be a number from 0 to 65535, not '-1'")]
    [InlineData("local up --faults throttle=2", "governance local up: --faults: ")]
    [InlineData("local up --data", "governance local up: Required argument missing for option: '--data'")]
    [InlineData("demo --keep", "governance demo: unknown option '--keep'")]
    [InlineData("demo --function", "governance demo: Required argument missing for option: '--function'")]
    [InlineData("completion zsh", "governance completion: SHELL must be bash, not 'zsh'")]
    public void UsageError_ShouldExitTwoNamingTheWordAtFault(string line, string message)
    {
        var (exit, output, err) = CliRunner.InProcess(Now, Words(line));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageError_WhenTheWordCarriesControlCharacters_ShouldShowThemEscaped()
    {
        var (exit, _, err) = CliRunner.InProcess(Now, "check", "x", "--format", "npm", "--\u001b[2Jevil");

        Assert.Equal(2, exit);
        Assert.DoesNotContain('\u001b', err);
        Assert.Contains("unknown option '--", err, StringComparison.Ordinal);
    }

    [Fact]
    public void TypoSuggestions_ShouldOfferOnlyNearNames()
    {
        string[] commands = ["demo", "local", "check", "scan", "policy", "completion"];
        Assert.Equal(["check"], TypoSuggestions.Closest("chek", commands));
        Assert.Equal(["scan"], TypoSuggestions.Closest("sacn", commands));
        Assert.Equal(["policy"], TypoSuggestions.Closest("pol", commands));
        Assert.Equal(["--format"], TypoSuggestions.Closest("--fromat", ["--format", "--name", "--json"]));
        Assert.Empty(TypoSuggestions.Closest("frobnicate", commands));
        Assert.Empty(TypoSuggestions.Closest("x", commands));
    }

    [Fact]
    public async Task Version_ShouldPrintTheInformationalVersionAndExitZero()
    {
        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var result = await CliRunner.RunAsync(Dir.Path, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Help_WhenRunAsProcess_ShouldExitZeroOnStdout()
    {
        var result = await CliRunner.RunAsync(Dir.Path, "check", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("governance check <FILE> [options]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public async Task MisspelledCommand_WhenRunAsProcess_ShouldSuggestTheCommandAndExitTwo()
    {
        var result = await CliRunner.RunAsync(Dir.Path, "chek");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean `check`?", result.StandardError, StringComparison.Ordinal);
    }

    private static Command Find(string path)
    {
        Command command = GovernanceCommands.Create(TimeProvider.System);
        foreach (var word in Words(path))
        {
            command = command.Subcommands.Single(c => c.Name == word);
        }
        return command;
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Help wraps long descriptions over lines; compare text with every run of whitespace as one space.</summary>
    private static string Collapse(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
