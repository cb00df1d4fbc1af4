using System.CommandLine;
using Governance.Cli.Commands;
using Governance.Cli.Scan;

namespace Governance.Cli.Tests.Commands;

/// <summary><c>governance scan</c>'s command line: its options, their validation and the request they make.</summary>
public sealed class ScanCommandLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Help_ShouldExitZeroAndListEveryOption()
    {
        var (exit, output, err) = CliRunner.InProcess(Now, "scan", "--help");

        Assert.True(exit == 0, err);
        foreach (var option in new[]
        {
            "--domain", "--domain-owner", "--repository", "--format", "--namespace", "--package-prefix", "--status", "--dry-run",
            "--json", "--policy", "--state", "--ledger-table", "--topic-arn", "--rate", "--concurrency",
        })
        {
            Assert.Matches($@"(?m)^\s+{option}\b", output);
        }
        Assert.Contains("--status <Published|Unlisted|Archived>", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--repository r", "Option '--domain' is required.")]
    [InlineData("--domain d", "Option '--repository' is required.")]
    [InlineData("--domain d --repository r --rate 0", "--rate must be a positive number of requests per second, not '0'")]
    [InlineData("--domain d --repository r --rate -5", "--rate must be a positive number of requests per second, not '-5'")]
    [InlineData("--domain d --repository r --rate fast", "--rate must be a positive number of requests per second, not 'fast'")]
    [InlineData("--domain d --repository r --rate NaN", "--rate must be a positive number of requests per second, not 'NaN'")]
    [InlineData("--domain d --repository r --rate Infinity", "--rate must be a positive number of requests per second, not 'Infinity'")]
    [InlineData("--domain d --repository r --concurrency 0", "--concurrency must be a whole number from 1 to 64, not '0'")]
    [InlineData("--domain d --repository r --concurrency 65", "--concurrency must be a whole number from 1 to 64, not '65'")]
    [InlineData("--domain d --repository r --concurrency 2.5", "--concurrency must be a whole number from 1 to 64, not '2.5'")]
    [InlineData("--domain d --repository r --status Deleted", "--status must be one of Published, Unlisted, Archived, not 'Deleted'")]
    [InlineData("--domain d --repository r --dry-rum", "unknown option '--dry-rum'; did you mean `--dry-run`?")]
    public void UsageError_ShouldExitTwoNamingTheOption(string line, string message)
    {
        var (exit, output, err) = CliRunner.InProcess(Now, ["scan", .. line.Split(' ')]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"governance scan: {message}", err, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageError_WithJson_ShouldAlsoWriteAUsageErrorDocument()
    {
        var (exit, output, _) = CliRunner.InProcess(Now, "scan", "--repository", "r", "--json");

        Assert.Equal(2, exit);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("usage", document.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("--domain", document.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_ShouldCarryEveryOption()
    {
        var options = new ScanCommandDefinition.ScanOptions();
        var command = new RootCommand();
        foreach (var option in options.All)
        {
            command.Add(option);
        }
        var result = command.Parse([
            "--domain", "nextwork", "--domain-owner", "111122223333", "--repository", "nextwork-devops-cicd", "--format", "npm",
            "--namespace", "acme", "--package-prefix", "ui-", "--status", "unlisted", "--dry-run", "--json", "--policy", "p.yaml",
            "--state", "s.json", "--ledger-table", "ledger", "--topic-arn", "arn:aws:sns:us-east-1:111122223333:t", "--rate", "12.5", "--concurrency", "8",
        ]);
        Assert.Empty(result.Errors);

        Assert.Equal(
            new ScanRequest("nextwork", "111122223333", "nextwork-devops-cicd", "npm", "acme", "ui-", "Unlisted", DryRun: true, Json: true,
                PolicyPath: "p.yaml", StatePath: "s.json", LedgerTable: "ledger", TopicArn: "arn:aws:sns:us-east-1:111122223333:t", RequestsPerSecond: 12.5, Concurrency: 8),
            options.ToRequest(result));
    }

    [Fact]
    public void ToRequest_WithOnlyTheRequiredOptions_ShouldLeaveTheRestUnset()
    {
        var options = new ScanCommandDefinition.ScanOptions();
        var command = new RootCommand();
        foreach (var option in options.All)
        {
            command.Add(option);
        }

        var request = options.ToRequest(command.Parse(["--domain", "d", "--repository", "r"]));

        Assert.Equal(new ScanRequest("d", null, "r"), request);
    }
}
