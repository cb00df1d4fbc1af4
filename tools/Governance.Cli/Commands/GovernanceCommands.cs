using System.CommandLine;
using System.CommandLine.Help;

namespace Governance.Cli.Commands;

/// <summary>
/// The <c>governance</c> command tree. Each command's class builds its <see cref="Command"/> and maps the parsed values
/// to the command's implementation; parse errors are reported by <see cref="CliApp"/>, not here.
/// </summary>
public static class GovernanceCommands
{
    public const string Description =
        "Package governance for AWS CodeArtifact: review package versions against a policy, locally or on a repository.\n" +
        "Exit codes: 0 ok, 1 policy failure, 2 usage error.";

    /// <param name="clock">The evaluation time of <c>check</c> and <c>policy</c> (waiver expiry); tests pass a fixed one.</param>
    public static RootCommand Create(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var root = new RootCommand(Description)
        {
            DemoCommandDefinition.Create(),
            LocalCommandDefinition.Create(),
            CheckCommandDefinition.Create(clock),
            ScanCommandDefinition.Create(),
            PolicyCommandDefinition.Create(clock),
            CompletionCommandDefinition.Create(),
        };
        // --help and -h only: System.CommandLine's /h and /? are absolute paths on Linux, and FILE may be one.
        root.Options.Remove(root.Options.OfType<HelpOption>().Single());
        root.Options.Add(new HelpOption("--help", "-h") { Description = "Show help and usage information." });
        // The name in help and errors, whatever the host: the apphost, `dotnet governance.dll` or a test host.
        root.HelpName = "governance";
        CommandHelp.ShowHelpWhenNoSubcommand(root);
        return root;
    }
}
