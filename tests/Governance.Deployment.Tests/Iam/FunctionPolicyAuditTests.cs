using Governance.Deployment.Tests.Template;

namespace Governance.Deployment.Tests.Iam;

/// <summary>The audit itself must catch each way a policy can be wrong, or the template test above proves nothing.</summary>
public class FunctionPolicyAuditTests(IamReferenceFixture iam) : IClassFixture<IamReferenceFixture>
{
    private const string Header = """
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          Table:
            Type: AWS::DynamoDB::Table
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:

        """;

    private IReadOnlyList<string> AuditStatements(string statementsYaml, params string[] required)
    {
        // The snippets are written at their own indentation; nest them under the header's Statement key.
        var nested = string.Join('\n', statementsYaml.Split('\n').Select(line => "    " + line));
        var template = SamTemplate.Parse(Header + nested);
        var statements = RolePolicyReader.StatementsOf(template, "Role");
        return FunctionPolicyAudit.Audit("f", new HashSet<string>(required, StringComparer.OrdinalIgnoreCase), statements, iam.Reference);
    }

    [Fact]
    public void Audit_WhenTheRoleGrantsExactlyWhatIsNeeded_ShouldFindNothing()
    {
        var findings = AuditStatements("""
                      - Sid: Publish
                        Effect: Allow
                        Action: sns:Publish
                        Resource: !Ref Topic
                      - Sid: Ledger
                        Effect: Allow
                        Action: [dynamodb:GetItem, dynamodb:PutItem]
                        Resource: !GetAtt Table.Arn
            """, "sns:Publish", "dynamodb:GetItem", "dynamodb:PutItem");

        Assert.Empty(findings);
    }

    [Fact]
    public void Audit_WhenAnActionIsNotCalled_ShouldAskToRemoveIt()
    {
        var findings = AuditStatements("""
                      - Sid: Ledger
                        Effect: Allow
                        Action: [dynamodb:GetItem, dynamodb:DeleteItem]
                        Resource: !GetAtt Table.Arn
            """, "dynamodb:GetItem");

        Assert.Contains(findings, f => f.Contains("'dynamodb:DeleteItem', which the function does not call", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_WhenACalledActionIsNotGranted_ShouldSaySo()
    {
        var findings = AuditStatements("""
                      - Sid: Ledger
                        Effect: Allow
                        Action: dynamodb:GetItem
                        Resource: !GetAtt Table.Arn
            """, "dynamodb:GetItem", "dynamodb:UpdateItem");

        Assert.Contains(findings, f => f.Contains("needs 'dynamodb:UpdateItem'", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_WhenAScopableActionIsGrantedOnStar_ShouldNameTheResourceType()
    {
        var findings = AuditStatements("""
                      # A comment does not excuse '*' where AWS has a narrower resource.
                      - Sid: Publish
                        Effect: Allow
                        Action: sns:Publish
                        Resource: '*'
            """, "sns:Publish");

        Assert.Contains(findings, f => f.Contains("on Resource '*', but AWS scopes it to topic ARNs", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_WhenAnUnscopableActionIsOnStarWithoutAComment_ShouldAskForTheComment()
    {
        const string statement = """
                      - Sid: Identity
                        Effect: Allow
                        Action: sts:GetCallerIdentity
                        Resource: '*'
            """;

        Assert.Contains(AuditStatements(statement, "sts:GetCallerIdentity"), f => f.Contains("add a comment", StringComparison.Ordinal));
        Assert.Empty(AuditStatements("""
                      # GetCallerIdentity has no resource type: AWS only accepts '*'.
            """ + "\n" + statement, "sts:GetCallerIdentity"));
    }

    [Fact]
    public void Audit_WhenAWildcardActionIsGranted_ShouldRejectIt()
    {
        var findings = AuditStatements("""
                      - Sid: Everything
                        Effect: Allow
                        Action: dynamodb:*
                        Resource: !GetAtt Table.Arn
            """, "dynamodb:GetItem");

        Assert.Contains(findings, f => f.Contains("wildcard action 'dynamodb:*'", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_WhenTheResourceIsOfAnotherType_ShouldSayWhichTypeTheActionTakes()
    {
        // UpdatePackageVersionsStatus acts on package ARNs; a repository ARN does not authorize it.
        var findings = AuditStatements("""
                      - Sid: Status
                        Effect: Allow
                        Action: codeartifact:UpdatePackageVersionsStatus
                        Resource: !Sub arn:${AWS::Partition}:codeartifact:${AWS::Region}:${AWS::AccountId}:repository/nextwork/nextwork-devops-cicd
            """, "codeartifact:UpdatePackageVersionsStatus");

        Assert.Contains(findings, f => f.Contains("it takes package ARNs", StringComparison.Ordinal));
    }

    [Fact]
    public void Audit_WhenEveryResourceOfATypeMatchesWithoutACondition_ShouldCallItUnscoped()
    {
        var unconditioned = AuditStatements("""
                      - Sid: Decrypt
                        Effect: Allow
                        Action: kms:Decrypt
                        Resource: !Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*
            """, "kms:Decrypt");
        var conditioned = AuditStatements("""
                      - Sid: Decrypt
                        Effect: Allow
                        Action: kms:Decrypt
                        Resource: !Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*
                        Condition:
                          StringEquals:
                            kms:ViaService: ssm.us-east-1.amazonaws.com
            """, "kms:Decrypt");

        Assert.Contains(unconditioned, f => f.Contains("is not scoped", StringComparison.Ordinal));
        Assert.Empty(conditioned);
    }

    [Fact]
    public void Audit_WhenTheActionDoesNotExist_ShouldSaySo()
    {
        var findings = AuditStatements("""
                      - Sid: Typo
                        Effect: Allow
                        Action: sns:PublishMessage
                        Resource: !Ref Topic
            """, "sns:PublishMessage");

        Assert.Contains(findings, f => f.Contains("not an IAM action AWS defines", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arn:aws:sqs:us-east-1:123456789012:{Queue}", false, true)]
    [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:{Group}:*", false, true)]
    [InlineData("arn:aws:codeartifact:us-east-1:123456789012:package/nextwork/repo/*", false, true)]
    [InlineData("arn:aws:sqs:us-east-1:123456789012:*", false, false)]
    [InlineData("arn:aws:sqs:*:123456789012:{Queue}", false, false)]
    [InlineData("arn:aws:kms:us-east-1:123456789012:key/*", false, false)]
    [InlineData("arn:aws:kms:us-east-1:123456789012:key/*", true, true)]
    [InlineData("{SomeParameter}", false, false)]
    public void IsScoped_WhenGivenAnArn_ShouldAcceptOnlyNamedResources(string arn, bool hasCondition, bool scoped)
    {
        Assert.Equal(scoped, ArnScope.IsScoped(arn, hasCondition, out _));
    }
}
