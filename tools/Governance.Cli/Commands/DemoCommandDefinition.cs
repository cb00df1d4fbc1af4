using System.CommandLine;
using Governance.Cli.Demo;

namespace Governance.Cli.Commands;

/// <summary><c>governance demo [--data DIR] [--function PATH]</c>, mapped to <see cref="DemoCommand"/>.</summary>
internal static class DemoCommandDefinition
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "Run in this folder and keep it (default: a new folder under the temporary directory).",
            HelpName = "DIR",
        };
        var function = new Option<string>("--function")
        {
            Description = "The built function program to run (default: build functions/Governance.Functions from the repository).",
            HelpName = "PATH/Governance.Functions.dll",
        };
        var demo = new Command("demo",
            "Run the whole product on the local stack: publish four packages and a Maven build, let the functions review " +
            "them, and show verdicts, statuses and notifications. Exit 0 only when every result is the expected one.")
        {
            data, function,
        };
        demo.SetAction((result, cancellationToken) => DemoCommand.RunAsync(
            result.GetValue(data), result.GetValue(function), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return demo;
    }
}
