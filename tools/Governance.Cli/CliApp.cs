namespace Governance.Cli;

/// <summary>Routes the first argument to a subcommand. Exit codes: 0 ok, 1 policy failure, 2 usage error.</summary>
public static class CliApp
{
    public const string Usage = """
        usage: governance <command> [options]

          demo                      run the whole product on the local stack and show the verdicts
          local up                  run the local stack in the foreground (for the aws CLI: --endpoint-url)
          check FILE --format F     evaluate the policy on a local artifact, offline
          policy validate|explain   check a policy file / say what it allows
        """;

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args.FirstOrDefault())
        {
            case "check": return CheckCommand.Run(args[1..]);
            case "policy": return PolicyCommand.Run(args[1..]);
            case "local": return LocalCommand.Run(args[1..]);
            case "demo": return Demo.DemoCommand.RunAsync(args[1..], Console.Out, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}
