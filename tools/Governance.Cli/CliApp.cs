namespace Governance.Cli;

/// <summary>Routes the first argument to a subcommand. Exit codes: 0 ok, 1 policy failure, 2 usage error.</summary>
public static class CliApp
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "local") return LocalCommand.Run(args[1..]);
        Console.Error.WriteLine("usage: governance <demo|local|check|review|scan|policy> ...");
        return 2;
    }
}
