using System.CommandLine;

namespace Governance.Cli.Commands;

/// <summary>Help text written where it belongs: on stderr, with exit code 2, when a command is missing.</summary>
internal static class CommandHelp
{
    /// <summary>
    /// A command that only groups others (<c>governance</c>, <c>policy</c>, <c>local</c>) given no subcommand prints its
    /// help on stderr and exits 2: it was a usage error, so a script must not read the help as output.
    /// </summary>
    public static void ShowHelpWhenNoSubcommand(Command group)
    {
        group.SetAction(result =>
        {
            // The help is System.CommandLine's own, asked for as `PATH --help` and sent to stderr.
            var path = Path(result.CommandResult.Command).Skip(1).Append("--help").ToArray();
            result.RootCommandResult.Command.Parse(path).Invoke(new InvocationConfiguration { Output = result.InvocationConfiguration.Error });
            return CliApp.UsageExitCode;
        });
    }

    /// <summary>The command's path as typed: <c>governance policy validate</c>.</summary>
    public static string PathOf(Command command) => string.Join(' ', Path(command));

    private static List<string> Path(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(c is RootCommand ? "governance" : c.Name);
        }
        names.Reverse();
        return names;
    }
}
