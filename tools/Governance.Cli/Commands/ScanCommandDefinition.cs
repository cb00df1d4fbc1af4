using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Governance.Cli.Scan;

namespace Governance.Cli.Commands;

/// <summary><c>governance scan</c>: its options, mapped to a <see cref="ScanRequest"/> for <see cref="ScanRunner"/>.</summary>
internal static class ScanCommandDefinition
{
    private static readonly string[] Statuses = ["Published", "Unlisted", "Archived"];

    /// <summary>CodeArtifact's formats, offered by completion; the scan itself judges which it reviews.</summary>
    private static readonly string[] KnownFormats = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"];

    public static Command Create()
    {
        var options = new ScanOptions();
        var scan = new Command("scan",
            "Review every version of a repository (or of a format, namespace, package prefix or status) through the same reviewer and ledger " +
            "as the deployed functions: backfill for a repository that existed before the stack. Reaches CodeArtifact as the aws CLI does " +
            "(credentials, AWS_REGION, AWS_ENDPOINT_URL). Resumable after Ctrl+C. " +
            "Exit 0 every version reviewed, 1 a verdict failed the policy, 2 usage or configuration error, 3 interrupted (resumable), 4 CodeArtifact refused.");
        foreach (var option in options.All)
        {
            scan.Add(option);
        }
        scan.SetAction((result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            // The live progress line only on a terminal, and only when writing to the console itself.
            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            return ScanRunner.RunAsync(options.ToRequest(result), output, result.InvocationConfiguration.Error, interactive, cancellationToken);
        });
        return scan;
    }

    /// <summary>The scan's options and the request they make; internal so tests can check the mapping.</summary>
    internal sealed class ScanOptions
    {
        public Option<string> Domain { get; } = new("--domain") { Description = "The CodeArtifact domain.", HelpName = "DOMAIN", Required = true };

        public Option<string> DomainOwner { get; } = new("--domain-owner")
        {
            Description = "The AWS account that owns the domain (default: left out of the requests, as the aws CLI does; the ledger keys take the owner DescribeRepository names).",
            HelpName = "ACCOUNT",
        };

        public Option<string> Repository { get; } = new("--repository") { Description = "The repository to scan.", HelpName = "REPOSITORY", Required = true };

        public Option<string> Format { get; } = CreateFormat();

        public Option<string> Namespace { get; } = new("--namespace")
        {
            Description = "Only packages in this namespace (Maven groupId, npm scope without @).",
            HelpName = "NS",
        };

        public Option<string> PackagePrefix { get; } = new("--package-prefix") { Description = "Only packages whose name starts with this.", HelpName = "PREFIX" };

        public Option<string> Status { get; } = CreateStatus();

        public Option<bool> DryRun { get; } = new("--dry-run")
        {
            Description = "Decide and report, change nothing: no status change, no ledger write, no notification.",
        };

        public Option<bool> Json { get; } = new("--json") { Description = "Write the summary as one JSON document on stdout instead of a table." };

        public Option<string> Policy { get; } = new("--policy") { Description = "The policy file (default: ./governance.yaml when present, else the built-in default policy, as check does).", HelpName = "FILE" };

        public Option<string> State { get; } = new("--state")
        {
            Description = "The resume checkpoint file (default: one under ./.governance/scan/ named after the domain and repository).",
            HelpName = "FILE",
        };

        public Option<string> LedgerTable { get; } = new("--ledger-table")
        {
            Description = "Share the deployed stack's DynamoDB decision ledger (default: a file ledger beside the checkpoint).",
            HelpName = "NAME",
        };

        public Option<string> TopicArn { get; } = new("--topic-arn")
        {
            Description = "Publish each decision's notification to this SNS topic (default: publish nothing).",
            HelpName = "ARN",
        };

        public Option<double?> Rate { get; } = new("--rate")
        {
            Description = $"CodeArtifact requests per second the scan stays under (a positive number; default {ScanRequest.DefaultRequestsPerSecond}).",
            HelpName = "N",
            CustomParser = ParseRate,
        };

        public Option<int?> Concurrency { get; } = new("--concurrency")
        {
            Description = $"Versions reviewed at once (1 to {ScanRequest.MaxConcurrency}; default {ScanRequest.DefaultConcurrency}).",
            HelpName = "N",
            CustomParser = ParseConcurrency,
        };

        public IEnumerable<Option> All =>
            [Domain, DomainOwner, Repository, Format, Namespace, PackagePrefix, Status, DryRun, Json, Policy, State, LedgerTable, TopicArn, Rate, Concurrency];

        public ScanRequest ToRequest(ParseResult result) => new(
            result.GetRequiredValue(Domain),
            result.GetValue(DomainOwner),
            result.GetRequiredValue(Repository),
            result.GetValue(Format),
            result.GetValue(Namespace),
            result.GetValue(PackagePrefix),
            result.GetValue(Status) is { } status ? Statuses.First(s => s.Equals(status, StringComparison.OrdinalIgnoreCase)) : null,
            result.GetValue(DryRun),
            result.GetValue(Json),
            result.GetValue(Policy),
            result.GetValue(State),
            result.GetValue(LedgerTable),
            result.GetValue(TopicArn),
            result.GetValue(Rate),
            result.GetValue(Concurrency));

        private static Option<string> CreateFormat()
        {
            var format = new Option<string>("--format") { Description = "Only packages of this format (npm, pypi, maven, nuget, generic, …).", HelpName = "FORMAT" };
            format.CompletionSources.Add(KnownFormats);
            return format;
        }

        private static Option<string> CreateStatus()
        {
            var status = new Option<string>("--status")
            {
                Description = "Only versions in this status (default: every reviewable one).",
                HelpName = string.Join('|', Statuses),
            };
            status.CompletionSources.Add(Statuses);
            status.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string>() is { } value && !Statuses.Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    result.AddError($"--status must be one of {string.Join(", ", Statuses)}, not '{value}'");
                }
            });
            return status;
        }

        private static int? ParseConcurrency(ArgumentResult result)
        {
            var text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= ScanRequest.MaxConcurrency)
            {
                return count;
            }
            result.AddError($"--concurrency must be a whole number from 1 to {ScanRequest.MaxConcurrency}, not '{text}'");
            return null;
        }

        private static double? ParseRate(ArgumentResult result)
        {
            var text = result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && double.IsFinite(rate) && rate > 0)
            {
                return rate;
            }
            result.AddError($"--rate must be a positive number of requests per second, not '{text}'");
            return null;
        }
    }
}
