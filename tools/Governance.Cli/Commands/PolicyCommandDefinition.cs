using System.CommandLine;

namespace Governance.Cli.Commands;

/// <summary><c>governance policy validate|explain [FILE]</c>, mapped to <see cref="PolicyCommand"/>.</summary>
internal static class PolicyCommandDefinition
{
    private const string FileDescription = "The policy file (default: ./governance.yaml, else the built-in default policy).";

    public static Command Create(TimeProvider clock)
    {
        var policy = new Command("policy", "Check a policy file, or say in words what it allows.")
        {
            Subcommand("validate", "Check a policy file: exit 0 valid (expired waivers are warnings), 1 invalid, with file, line, key and what is allowed.",
                (path, result) => PolicyCommand.Validate(path, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, clock.GetUtcNow())),
            Subcommand("explain", "Say what the policy allows, in words: mode, scope, integrity, licenses, deny list, size limits, waivers, intel.",
                (path, result) => PolicyCommand.Explain(path, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, clock.GetUtcNow())),
        };
        CommandHelp.ShowHelpWhenNoSubcommand(policy);
        return policy;
    }

    private static Command Subcommand(string name, string description, Func<string?, ParseResult, int> run)
    {
        var file = new Argument<string?>("FILE") { Description = FileDescription, Arity = ArgumentArity.ZeroOrOne };
        var command = new Command(name, description) { file };
        UsageErrorReport.RefuseOptionLookalikes(file, command);
        command.SetAction(result => run(result.GetValue(file), result));
        return command;
    }
}
