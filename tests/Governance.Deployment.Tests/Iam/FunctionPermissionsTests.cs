using Governance.Deployment.Tests.Template;

namespace Governance.Deployment.Tests.Iam;

/// <summary>
/// Least privilege, checked: each function's role grants exactly the actions its code calls (from the
/// <see cref="IFunctionPermissionsSource"/>) plus those the deployment performs with the role, on resources scoped to
/// this stack and of the types AWS defines for each action.
/// </summary>
public class FunctionPermissionsTests(IamReferenceFixture iam) : IClassFixture<IamReferenceFixture>
{
    private static readonly SamTemplate Template = SamTemplate.LoadFromRepository();

    // The source of truth for what the code calls (see FunctionPermissions.Source for the integration seam).
    private static IFunctionPermissionsSource Code => FunctionPermissions.Source;

    // Parameters that appear inside ARNs, given a value as a user would (the default is empty).
    private static readonly Dictionary<string, string> ParameterSamples = new()
    {
        ["SlackWebhookParameterName"] = "/governance/slack-webhook",
    };

    /// <summary>The two shapes of the deployment: a domain the stack creates, or an existing one in another account.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Shapes = new()
    {
        ["new domain"] = ParameterSamples,
        ["existing domain"] = new(ParameterSamples)
        {
            ["ExistingDomainName"] = "acme",
            ["ExistingDomainOwner"] = "111122223333",
            ["ExistingRepositoryName"] = "releases",
        },
    };

    public static TheoryData<string, string> FunctionsInEachShape()
    {
        var data = new TheoryData<string, string>();
        foreach (var function in Template.ResourcesOfType(SamTemplate.ServerlessFunctionType))
        {
            foreach (var shape in Shapes.Keys)
            {
                data.Add(function, shape);
            }
        }

        return data;
    }

    private static string ProgramFunctionOf(string logicalId) =>
        Template.EnvironmentOf(logicalId).GetValueOrDefault("GOVERNANCE_FUNCTION") as string
        ?? throw new InvalidOperationException($"{logicalId} sets no literal GOVERNANCE_FUNCTION.");

    [Theory]
    [MemberData(nameof(FunctionsInEachShape))]
    public void Role_WhenComparedWithWhatTheFunctionCalls_ShouldGrantExactlyThatOnScopedResources(string function, string shape)
    {
        var name = ProgramFunctionOf(function);
        Assert.True(Code.ActionsByFunction.TryGetValue(name, out var codeActions), $"the code knows no function '{name}'");
        var required = DeploymentPermissions.Required(Template, function, codeActions);
        var statements = RolePolicyReader.StatementsOf(Template, RolePolicyReader.RoleOf(Template, function), Shapes[shape]);

        var findings = FunctionPolicyAudit.Audit($"{name} ({shape})", required, statements, iam.Reference);

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void Functions_WhenTheCodeDefinesThem_ShouldEachBeDeployed()
    {
        var deployed = Template.ResourcesOfType(SamTemplate.ServerlessFunctionType).Select(ProgramFunctionOf).Order();

        Assert.Equal(Code.ActionsByFunction.Keys.Order(), deployed);
    }

    [Theory]
    [InlineData("ReviewFunctionRole", "new domain", "arn:aws:codeartifact:us-east-1:123456789012:package/{Domain.Name}/{GovernedRepository.Name}/*")]
    [InlineData("ReviewFunctionRole", "existing domain", "arn:aws:codeartifact:us-east-1:111122223333:package/acme/releases/*")]
    [InlineData("ReevaluateFunctionRole", "new domain", "arn:aws:codeartifact:us-east-1:123456789012:package/{Domain.Name}/{GovernedRepository.Name}/*")]
    [InlineData("ReevaluateFunctionRole", "existing domain", "arn:aws:codeartifact:us-east-1:111122223333:package/acme/releases/*")]
    public void Role_WhenItActsOnPackages_ShouldBeLimitedToTheGovernedRepositoryInTheOwnersAccount(string role, string shape, string packages)
    {
        var statements = RolePolicyReader.StatementsOf(Template, role, Shapes[shape]);
        var statement = Assert.Single(statements, s => s.Actions.Any(a => a.StartsWith("codeartifact:", StringComparison.Ordinal)));

        Assert.Equal(packages, Assert.Single(statement.Resources));
    }

    [Fact]
    public void ReviewRole_WhenTheExistingDomainIsInThisAccount_ShouldScopePackagesToThisAccount()
    {
        var sameAccount = new Dictionary<string, string> { ["ExistingDomainName"] = "acme", ["ExistingRepositoryName"] = "releases" };

        var statement = Assert.Single(RolePolicyReader.StatementsOf(Template, "ReviewFunctionRole", sameAccount),
            s => s.Actions.Any(a => a.StartsWith("codeartifact:", StringComparison.Ordinal)));

        Assert.Equal("arn:aws:codeartifact:us-east-1:123456789012:package/acme/releases/*", Assert.Single(statement.Resources));
    }

    [Fact]
    public void ReevaluateRole_WhenItQueriesTheLedger_ShouldQueryOnlyTheDueIndex()
    {
        var statements = RolePolicyReader.StatementsOf(Template, "ReevaluateFunctionRole");

        var query = Assert.Single(statements, s => s.Actions.Contains("dynamodb:Query"));
        Assert.Equal(["dynamodb:Query"], query.Actions);
        Assert.Equal(
            $"arn:aws:dynamodb:us-east-1:123456789012:table/{{LedgerTable}}/index/{Governance.Aws.Ledger.DynamoDbDecisionLedger.DueIndexName}",
            Assert.Single(query.Resources));
    }

    [Fact]
    public void ReviewRole_WhenItBacksOffARetry_ShouldChangeVisibilityOnlyOnTheReviewQueue()
    {
        var statements = RolePolicyReader.StatementsOf(Template, "ReviewFunctionRole");

        var backoff = Assert.Single(statements, s => s.Actions.Contains("sqs:ChangeMessageVisibility"));
        Assert.Equal(["sqs:ChangeMessageVisibility"], backoff.Actions);
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:{ReviewQueue}", Assert.Single(backoff.Resources));
    }

    [Fact]
    public void NotifyRole_WhenItDecryptsTheWebhook_ShouldOnlyDecryptThroughSsm()
    {
        var statements = RolePolicyReader.StatementsOf(Template, "NotifyFunctionRole", ParameterSamples);
        var decrypt = Assert.Single(statements, s => s.Actions.Contains("kms:Decrypt"));

        Assert.True(decrypt.HasCondition);
        var policies = (List<object?>)SamTemplate.PropertiesOf(Template.Resource("NotifyFunctionRole"))["Policies"]!;
        // The Slack statements sit under Fn::If [HasSlackWebhook, statement, AWS::NoValue]: the raw statement is the true branch.
        var raw = ((List<object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)policies[0]!)["PolicyDocument"]!)["Statement"]!)
            .Cast<Dictionary<string, object?>>()
            .Select(st => st.TryGetValue("Fn::If", out var branches) ? (Dictionary<string, object?>)((List<object?>)branches!)[1]! : st)
            .Single(st => Equals(st["Sid"], decrypt.Sid));
        var viaService = ((Dictionary<string, object?>)((Dictionary<string, object?>)raw["Condition"]!)["StringEquals"]!)["kms:ViaService"];
        Assert.Equal(new Dictionary<string, object?> { ["Fn::Sub"] = "ssm.${AWS::Region}.amazonaws.com" }, viaService);
        Assert.Contains(
            "arn:aws:ssm:us-east-1:123456789012:parameter/governance/slack-webhook",
            statements.SelectMany(s => s.Resources));
    }

    [Fact]
    public void NotifyRole_WhenNoSlackParameterIsGiven_ShouldOnlyRecordReceiptsAndWriteLogs()
    {
        var statements = RolePolicyReader.StatementsOf(Template, "NotifyFunctionRole");

        Assert.Equal(["RecordReceipts", "WriteLogs"], statements.Select(s => s.Sid));
        var receipts = statements[0];
        Assert.Equal(["dynamodb:GetItem", "dynamodb:UpdateItem"], receipts.Actions.Order());
        Assert.DoesNotContain(statements.SelectMany(s => s.Actions), a => a.StartsWith("ssm:", StringComparison.Ordinal) || a.StartsWith("kms:", StringComparison.Ordinal));
    }
}
