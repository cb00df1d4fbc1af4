// The `governance` command. Subcommands are added by their issues; see README.md.
return Governance.Cli.CliApp.Run(args);
