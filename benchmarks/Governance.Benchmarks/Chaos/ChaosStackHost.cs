using System.Diagnostics;
using System.Globalization;
using Governance.Aws.CodeArtifact;
using Governance.Aws.CodeArtifact.Model;
using Governance.Cli.Demo;
using Governance.Cli.Local;
using Governance.Local.Faults;

namespace Governance.Benchmarks.Chaos;

/// <summary>How the chaos run's stack process is started: its data folder, function program, faults and crash odds.</summary>
public sealed record ChaosHostOptions(string DataFolder, string FunctionAssembly, FaultSettings Faults, double CrashProbability, int Seed)
{
    public const string Flag = "--chaos-host";

    /// <summary>The arguments after <c>Governance.Benchmarks chaos</c> that make a process a chaos stack host.</summary>
    public IEnumerable<string> ToArguments() =>
    [
        Flag, DataFolder, "--chaos-function", FunctionAssembly, "--chaos-faults", Faults.ToString(),
        "--chaos-crash", CrashProbability.ToString("R", CultureInfo.InvariantCulture), "--chaos-host-seed", Seed.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The host options in <paramref name="rest"/> (the benchmark's unparsed arguments), or null when this is not a host.</summary>
    public static ChaosHostOptions? From(IReadOnlyList<string> rest)
    {
        string? Value(string name)
        {
            for (var i = 0; i + 1 < rest.Count; i++)
            {
                if (rest[i] == name)
                {
                    return rest[i + 1];
                }
            }

            return null;
        }

        return Value(Flag) is not { } data
            ? null
            : new ChaosHostOptions(
                data,
                Value("--chaos-function") ?? throw new ArgumentException("--chaos-host needs --chaos-function"),
                FaultSettings.Parse(Value("--chaos-faults")),
                double.Parse(Value("--chaos-crash") ?? "0", CultureInfo.InvariantCulture),
                int.Parse(Value("--chaos-host-seed") ?? "0", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The chaos run's stack, in a process of its own so that the run can <c>kill -9</c> it and start it again on the
/// same data folder: the governed local stack (CodeArtifact, SNS, SSM, and the built review and notify functions under
/// the Runtime API host), the walkthrough's repositories on first start, and the review process killed at random
/// points. It talks to the run through standard streams: it prints <c>listening URL</c> once ready and
/// <c>review-crash</c> for each kill of the review process, and answers a <c>quiet</c> line on its input with
/// <c>quiet</c> once every event is delivered and every notification fanned out.
/// </summary>
public static class ChaosStackHost
{
    public const string ListeningPrefix = "listening ";
    public const string ReviewCrashLine = "review-crash";
    public const string QuietLine = "quiet";

    public static async Task RunAsync(ChaosHostOptions options, TextWriter output, TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var gate = new object();
        GovernedStack? governed = null;

        // Crash points: on a function invocation's START, with the configured probability, kill the review process
        // 0–30 ms later — wherever the review happens to be (download, status update, ledger, notify).
        void OnLog(string line)
        {
            int delay;
            lock (gate)
            {
                if (!line.StartsWith("START ", StringComparison.Ordinal) || governed is null || random.NextDouble() >= options.CrashProbability)
                {
                    return;
                }

                delay = random.Next(0, 30);
            }

            _ = Task.Run(async () =>
            {
                await Task.Delay(delay, CancellationToken.None);
                if (governed?.ReviewFunction.ProcessId is not { } pid)
                {
                    return;
                }

                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    Say(output, ReviewCrashLine);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone: nothing to crash.
                }
            }, CancellationToken.None);
        }

        // A short lease: the review function runs one invocation at a time, so a lease only has to outlive a crashed
        // holder until the redelivery (0.5 s, then 1 s later) — not a live concurrent reviewer.
        await using var stack = await GovernedStack.StartAsync(new GovernedStackOptions
        {
            DataFolder = options.DataFolder,
            FunctionAssembly = options.FunctionAssembly,
            Faults = options.Faults,
            Lease = TimeSpan.FromSeconds(1),
            OnFunctionLog = OnLog,
        }, cancellationToken);
        await CreateRepositoriesOnceAsync(stack, cancellationToken);
        governed = stack;
        Say(output, ListeningPrefix + stack.Stack.BaseUrl);

        while (await input.ReadLineAsync(cancellationToken) is { } command)
        {
            if (command == QuietLine)
            {
                await stack.WaitForQuietAsync(TimeSpan.FromMinutes(30), cancellationToken);
                Say(output, QuietLine);
            }
        }
    }

    /// <summary>The walkthrough's domain and repositories, created fault-free on the first start only.</summary>
    private static async Task CreateRepositoriesOnceAsync(GovernedStack stack, CancellationToken cancellationToken)
    {
        using var client = stack.CreateCodeArtifactClient();
        var settings = stack.Stack.Faults.Settings;
        stack.Stack.Faults.Configure(FaultSettings.None);
        try
        {
            await client.DescribeRepositoryAsync(new DescribeRepositoryRequest { Domain = DemoPublisher.Domain, Repository = DemoPublisher.Repository }, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            await new DemoPublisher(stack, Path.Combine(stack.Stack.Options.DataFolder, "work")).CreateRepositoriesAsync(cancellationToken);
        }
        finally
        {
            stack.Stack.Faults.Configure(settings);
        }
    }

    private static void Say(TextWriter output, string line)
    {
        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
