// The `governance` command (see README.md): the command tree on the system clock, run on this process's console.
using Governance.Cli;
using Governance.Cli.Commands;

if (args is ["check", ..])
{
    // A check's start-up work begins on the second core before the command line is parsed (see CheckCommand.WarmUp).
    CheckCommand.StartWarmUp();
}
return await CliApp.RunAsync(GovernanceCommands.Create(TimeProvider.System), args, Console.Out, Console.Error);
