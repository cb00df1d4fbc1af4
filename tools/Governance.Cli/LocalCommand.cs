using System.Globalization;
using Governance.Local;
using Governance.Local.Faults;

namespace Governance.Cli;

/// <summary>
/// <c>governance local up [--port N] [--data DIR] [--faults SPEC] [--region R] [--maven-central DIR] [--npmjs DIR] [--osv DIR]</c>:
/// runs the local stack in the foreground until Ctrl+C (or SIGTERM) and prints the environment that points the aws
/// CLI and our code at it. The two directories stand in for the public registries behind the external connections
/// <c>public:maven-central</c> (default: Debian's <c>/usr/share/maven-repo</c>) and <c>public:npmjs</c>; the choice is
/// recorded in the data folder and kept on the next start. <c>--osv DIR</c> chooses the OSV records served at <c>/osv/</c>
/// (default: the real incidents shipped in <c>Osv/records</c>), recorded the same way.
/// </summary>
public static class LocalCommand
{
    public const string Usage = "usage: governance local up [--port 4566] [--data DIR] [--faults \"throttle=0.1,5xx=0.05,reset=0.05,corrupt=0.02,duplicate-events=0.1,reorder-events=0.1,seed=42\"] [--region us-east-1] [--maven-central DIR] [--npmjs DIR] [--osv DIR]";

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "up")
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        LocalStackOptions options;
        try
        {
            options = Parse(args.AsSpan(1));
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"governance local up: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        // Ctrl+C and SIGTERM both stop the stack cleanly (the HTTP server drains, held-back events are flushed).
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
        return RunAsync(options, stop.Token).GetAwaiter().GetResult();

        void Stop(System.Runtime.InteropServices.PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> RunAsync(LocalStackOptions options, CancellationToken cancellationToken)
    {
        LocalStack created;
        try
        {
            created = new LocalStack(options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"governance local up: {e.Message}");
            return 2;
        }

        await using var stack = created;
        try
        {
            await stack.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"governance local up: cannot listen on 127.0.0.1:{options.Port}: {e.Message}; pick another with --port");
            return 1;
        }

        Console.WriteLine($"Local stack listening on {stack.BaseUrl} (data: {options.DataFolder}, faults: {(options.Faults.Any ? options.Faults.ToString() : "none")})");
        Console.WriteLine($"External connections: public:maven-central <- {stack.ExternalRegistries.MavenCentral ?? "(none)"}, public:npmjs <- {stack.ExternalRegistries.Npmjs ?? "(none)"}");
        Console.WriteLine($"OSV intel: {stack.BaseUrl}osv/ <- {stack.ExternalRegistries.OsvRecords}");
        Console.WriteLine("Point the aws CLI, boto3 and the governance tools at it:");
        foreach (var (name, value) in stack.ClientEnvironment())
        {
            Console.WriteLine($"export {name}={value}");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("Stopping the local stack.");
        return 0;
    }

    private static LocalStackOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new LocalStackOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[i + 1] : throw new FormatException($"{name} needs a value");
            i++;
            options = name switch
            {
                "--port" => options with
                {
                    Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new FormatException($"--port must be a number from 0 to 65535, not '{value}'"),
                },
                "--data" => options with { DataFolder = Path.GetFullPath(value) },
                "--faults" => options with { Faults = FaultSettings.Parse(value) },
                "--region" => options with { Region = value },
                "--maven-central" => options with { MavenCentralDirectory = value },
                "--npmjs" => options with { NpmjsDirectory = value },
                "--osv" => options with { OsvDirectory = value },
                _ => throw new FormatException($"unknown option '{name}'"),
            };
        }

        return options;
    }
}
