using Governance.Functions.Observability;

namespace Governance.Functions.Tests.Configuration;

/// <summary>The composition root's configuration errors: each names the variable and what it must hold.</summary>
public sealed class FunctionProgramConfigurationTests : IDisposable
{
    private readonly TempFolder _temp = new("governance-config");
    private readonly StringWriter _log = new();

    /// <summary>Not created beforehand: the notify function must create the ledger it opens.</summary>
    private string Ledger => _temp.File("ledger");

    [Fact]
    public void CreateHandler_WhenNotifyHasNeitherLedgerNorSlack_ShouldNameBothVariables()
    {
        var error = Assert.Throws<FunctionConfigurationException>(() =>
            FunctionProgram.CreateHandler(Environment(("GOVERNANCE_FUNCTION", "notify")), new StructuredLog(_log)));

        Assert.Contains("GOVERNANCE_LEDGER_TABLE", error.Message, StringComparison.Ordinal);
        Assert.Contains("GOVERNANCE_SLACK_WEBHOOK_PARAMETER", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateHandler_WhenNotifyHasOnlyALedger_ShouldBuildAReceiptsOnlyFunction()
    {
        var handler = FunctionProgram.CreateHandler(
            Environment(("GOVERNANCE_FUNCTION", "notify"), ("GOVERNANCE_LEDGER_DIR", Ledger)), new StructuredLog(_log));

        Assert.NotNull(handler);
        Assert.True(Directory.Exists(Path.Combine(Ledger, "decisions")), "the notify function opens the ledger it records receipts in");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("601")]
    public void CreateHandler_WhenTheReceiptWaitIsNotSeconds_ShouldNameTheVariableAndItsRange(string value)
    {
        var error = Assert.Throws<FunctionConfigurationException>(() => FunctionProgram.CreateHandler(
            Environment(
                ("GOVERNANCE_FUNCTION", "review"),
                ("GOVERNANCE_TOPIC_ARN", "arn:aws:sns:us-east-1:111122223333:governance-verdicts"),
                ("GOVERNANCE_LEDGER_DIR", Ledger),
                ("AWS_REGION", "us-east-1"),
                ("GOVERNANCE_RECEIPT_WAIT_SECONDS", value)),
            new StructuredLog(_log)));

        Assert.Contains($"GOVERNANCE_RECEIPT_WAIT_SECONDS='{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 to 600", error.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }

    public void Dispose()
    {
        _log.Dispose();
        _temp.Dispose();
    }
}
