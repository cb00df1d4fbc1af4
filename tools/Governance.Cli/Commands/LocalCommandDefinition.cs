using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Governance.Local;
using Governance.Local.Faults;

namespace Governance.Cli.Commands;

/// <summary><c>governance local up</c>: its options, mapped to <see cref="LocalStackOptions"/> and <see cref="LocalCommand"/>.</summary>
internal static class LocalCommandDefinition
{
    public static Command Create()
    {
        var port = new Option<int?>("--port")
        {
            Description = "The loopback port to listen on (default 4566; 0 picks a free one).",
            HelpName = "PORT",
            CustomParser = ParsePort,
        };
        var data = new Option<string>("--data") { Description = "Where the stack keeps its data (default: ./.governance-local).", HelpName = "DIR" };
        var faults = new Option<FaultSettings?>("--faults")
        {
            Description = "Faults to inject, e.g. \"throttle=0.1,5xx=0.05,reset=0.05,corrupt=0.02,duplicate-events=0.1,reorder-events=0.1,seed=42\".",
            HelpName = "SPEC",
            CustomParser = ParseFaults,
        };
        var region = new Option<string>("--region") { Description = "The region the stack answers as (default us-east-1).", HelpName = "REGION" };
        var mavenCentral = new Option<string>("--maven-central")
        {
            Description = "A Maven-layout directory standing in for public:maven-central (default: Debian's /usr/share/maven-repo; recorded in the data folder).",
            HelpName = "DIR",
        };
        var npmjs = new Option<string>("--npmjs")
        {
            Description = "A directory of npm packuments and tarballs standing in for public:npmjs (recorded in the data folder).",
            HelpName = "DIR",
        };
        var osv = new Option<string>("--osv")
        {
            Description = "A directory of OSV records served at /osv/ (default: the shipped real incidents; recorded in the data folder).",
            HelpName = "DIR",
        };

        var newRevision = new Option<bool>("--new-revision-on-status-change")
        {
            Description = "Give a version a new revision when its status changes (AWS does not document whether it does; the default keeps the revision).",
        };

        var up = new Command("up",
            "Run the local stack in the foreground until Ctrl+C and print the environment that points the aws CLI, boto3 and the governance tools at it.")
        {
            port, data, faults, region, mavenCentral, npmjs, osv, newRevision,
        };
        up.SetAction((result, cancellationToken) =>
        {
            var defaults = new LocalStackOptions();
            var options = defaults with
            {
                Port = result.GetValue(port) ?? defaults.Port,
                DataFolder = result.GetValue(data) is { } folder ? Path.GetFullPath(folder) : defaults.DataFolder,
                Faults = result.GetValue(faults) ?? defaults.Faults,
                Region = result.GetValue(region) ?? defaults.Region,
                MavenCentralDirectory = result.GetValue(mavenCentral),
                NpmjsDirectory = result.GetValue(npmjs),
                OsvDirectory = result.GetValue(osv),
                NewRevisionOnStatusChange = result.GetValue(newRevision),
            };
            return LocalCommand.RunAsync(options, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken);
        });

        var local = new Command("local", "The local stack: CodeArtifact, npm, Maven, SNS, SSM and OSV endpoints on loopback.") { up };
        CommandHelp.ShowHelpWhenNoSubcommand(local);
        return local;
    }

    private static int? ParsePort(ArgumentResult result)
    {
        var text = result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }
        result.AddError($"--port must be a number from 0 to 65535, not '{text}'");
        return null;
    }

    private static FaultSettings? ParseFaults(ArgumentResult result)
    {
        try
        {
            return FaultSettings.Parse(result.Tokens[0].Value);
        }
        catch (FormatException e)
        {
            result.AddError($"--faults: {e.Message}");
            return null;
        }
    }
}
