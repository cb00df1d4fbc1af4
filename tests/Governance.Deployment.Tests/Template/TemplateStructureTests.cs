using System.Text.RegularExpressions;

namespace Governance.Deployment.Tests.Template;

/// <summary>The properties of template.yaml that the issue asks for and that can be checked without AWS.</summary>
public partial class TemplateStructureTests
{
    private static readonly SamTemplate Template = SamTemplate.LoadFromRepository();

    private static Dictionary<string, object?> Props(string logicalId) => SamTemplate.PropertiesOf(Template.Resource(logicalId));

    private static Dictionary<string, object?> Map(object? value) => Assert.IsType<Dictionary<string, object?>>(value);

    private static List<object?> List(object? value) => Assert.IsType<List<object?>>(value);

    private static Dictionary<string, object?> Ref(string name) => new Dictionary<string, object?> { ["Ref"] = name };

    private static Dictionary<string, object?> GetAtt(string id, string attribute) =>
        new Dictionary<string, object?> { ["Fn::GetAtt"] = new List<object?> { id, attribute } };

    [Fact]
    public void Template_WhenLoaded_ShouldUseTheServerlessTransform()
    {
        Assert.Equal("AWS::Serverless-2016-10-31", Template.Document.Root["Transform"]);
        Assert.Equal("2010-09-09", Template.Document.Root["AWSTemplateFormatVersion"]);
    }

    [Fact]
    public void Template_WhenEveryIntrinsicIsFollowed_ShouldOnlyReferToThingsThatExist()
    {
        var problems = new List<string>();
        Walk(Template.Document.Root, problems);
        foreach (var (id, resource) in Template.Resources)
        {
            if (resource.GetValueOrDefault("Condition") is string condition && !Template.Conditions.ContainsKey(condition))
            {
                problems.Add($"{id}: unknown condition {condition}");
            }
        }

        Assert.Empty(problems);
    }

    private static void Walk(object? node, List<string> problems)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    switch (key)
                    {
                        case "Ref" when value is string name && !IsReferable(name):
                            problems.Add($"Ref {name}");
                            break;
                        case "Fn::GetAtt" when value is List<object?> parts && !Template.Resources.ContainsKey((string)parts[0]!):
                            problems.Add($"GetAtt {parts[0]}");
                            break;
                        case "Fn::Sub" when value is string or List<object?> { Count: 2 }:
                            // The short form, or [text, variables]: a variable of the Sub's own map needs no referent.
                            var (text, local) = value is string plain
                                ? (plain, new Dictionary<string, object?>())
                                : ((string)((List<object?>)value)[0]!, (Dictionary<string, object?>)((List<object?>)value)[1]!);
                            foreach (Match m in SubVariable().Matches(text))
                            {
                                var name = m.Groups[1].Value;
                                if (local.ContainsKey(name))
                                {
                                    continue;
                                }

                                var target = name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("AWS::", StringComparison.Ordinal)
                                    ? name[..name.IndexOf('.', StringComparison.Ordinal)]
                                    : name;
                                if (!IsReferable(target))
                                {
                                    problems.Add($"Sub ${{{name}}}");
                                }
                            }

                            break;
                        case "Fn::If" when value is List<object?> branches && !Template.Conditions.ContainsKey((string)branches[0]!):
                            problems.Add($"If {branches[0]}");
                            break;
                    }

                    Walk(value, problems);
                }

                break;
            case List<object?> list:
                list.ForEach(item => Walk(item, problems));
                break;
        }
    }

    private static bool IsReferable(string name) =>
        name.StartsWith("AWS::", StringComparison.Ordinal) || Template.Parameters.ContainsKey(name) || Template.Resources.ContainsKey(name);

    [Fact]
    public void Parameters_WhenDeclared_ShouldEachHaveADescriptionAndAConstraint()
    {
        var expected = new[]
        {
            "DomainName", "RepositoryName", "StoreRepositoryName", "DomainKmsKeyArn", "NotificationEmail",
            "SlackWebhookParameterName", "Mode", "QuarantineStatus", "ReviewConcurrency", "LogRetentionDays", "Architecture",
            "IntelApiUrl", "MavenCentralUrl", "NpmRegistryUrl", "PyPiUrl",
            "ExistingDomainName", "ExistingDomainOwner", "ExistingRepositoryName", "ReevaluationInterval",
        };
        Assert.Empty(expected.Except(Template.Parameters.Keys));

        foreach (var (name, parameter) in Template.Parameters)
        {
            Assert.False(string.IsNullOrWhiteSpace(parameter.GetValueOrDefault("Description") as string), $"{name} has no Description");
            var constrained = parameter.ContainsKey("AllowedValues") || parameter.ContainsKey("AllowedPattern")
                || (parameter.ContainsKey("MinValue") && parameter.ContainsKey("MaxValue"));
            Assert.True(constrained, $"{name} has no AllowedValues, AllowedPattern or MinValue/MaxValue");
        }
    }

    [Theory]
    [InlineData("Mode", new[] { "audit", "enforce" })]
    [InlineData("QuarantineStatus", new[] { "Unlisted", "Archived" })]
    [InlineData("Architecture", new[] { "arm64", "x86_64" })]
    public void Parameters_WhenAChoice_ShouldAllowExactlyTheDocumentedValues(string name, string[] values)
    {
        Assert.Equal(values.Order(), List(Template.Parameters[name]["AllowedValues"]).Cast<string>().Order());
    }

    [Theory]
    [InlineData("DomainName", "nextwork", true)]
    [InlineData("DomainName", "Nextwork", false)]
    [InlineData("DomainName", "my_domain", false)]
    [InlineData("RepositoryName", "nextwork-devops-cicd", true)]
    [InlineData("RepositoryName", "-leading-hyphen", false)]
    [InlineData("SlackWebhookParameterName", "", true)]
    [InlineData("SlackWebhookParameterName", "/governance/slack-webhook", true)]
    [InlineData("SlackWebhookParameterName", "no-leading-slash", false)]
    [InlineData("NotificationEmail", "", true)]
    [InlineData("NotificationEmail", "platform@example.com", true)]
    [InlineData("NotificationEmail", "not an address", false)]
    [InlineData("DomainKmsKeyArn", "arn:aws:kms:eu-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", true)]
    [InlineData("DomainKmsKeyArn", "alias/aws/codeartifact", false)]
    [InlineData("IntelApiUrl", "https://api.osv.dev", true)]
    [InlineData("IntelApiUrl", "off", true)]
    [InlineData("IntelApiUrl", "http://api.osv.dev", false)]
    [InlineData("IntelApiUrl", "https://osv.internal.example:8443/mirror", true)]
    [InlineData("MavenCentralUrl", "https://repo1.maven.org/maven2", true)]
    [InlineData("MavenCentralUrl", "https://repo1.maven.org/maven2 extra", false)]
    [InlineData("NpmRegistryUrl", "https://registry.npmjs.org", true)]
    [InlineData("NpmRegistryUrl", "file:///etc/passwd", false)]
    [InlineData("PyPiUrl", "https://pypi.org", true)]
    [InlineData("PyPiUrl", "", false)]
    [InlineData("ExistingDomainName", "", true)]
    [InlineData("ExistingDomainName", "acme", true)]
    [InlineData("ExistingDomainName", "Acme", false)]
    [InlineData("ExistingDomainOwner", "", true)]
    [InlineData("ExistingDomainOwner", "111122223333", true)]
    [InlineData("ExistingDomainOwner", "1111-2222-3333", false)]
    [InlineData("ExistingRepositoryName", "releases", true)]
    [InlineData("ExistingRepositoryName", "-releases", false)]
    [InlineData("ReevaluationInterval", "rate(5 minutes)", true)]
    [InlineData("ReevaluationInterval", "rate(1 minute)", true)]
    [InlineData("ReevaluationInterval", "rate(1 hour)", true)]
    [InlineData("ReevaluationInterval", "rate(2 hours)", true)]
    [InlineData("ReevaluationInterval", "rate(1 minutes)", false)]
    [InlineData("ReevaluationInterval", "rate(0 minutes)", false)]
    [InlineData("ReevaluationInterval", "rate(5 minutes) ", false)]
    [InlineData("ReevaluationInterval", "cron(0/5 * * * ? *)", false)]
    public void Parameters_WhenAValueIsChecked_ShouldFollowTheAllowedPattern(string name, string value, bool allowed)
    {
        var pattern = (string)Template.Parameters[name]["AllowedPattern"]!;

        Assert.Equal(allowed, Regex.IsMatch(value, pattern));
    }

    [Fact]
    public void CodeArtifact_WhenDeployed_ShouldBeTheWalkthroughSetup()
    {
        Assert.Equal(Ref("DomainName"), Props("Domain")["DomainName"]);

        var store = Props("StoreRepository");
        Assert.Equal(GetAtt("Domain", "Name"), store["DomainName"]);
        Assert.Equal(new List<object?> { "public:maven-central" }, store["ExternalConnections"]);

        var governed = Props("GovernedRepository");
        Assert.Equal(Ref("RepositoryName"), governed["RepositoryName"]);
        Assert.Equal(new List<object?> { GetAtt("StoreRepository", "Name") }, governed["Upstreams"]);
        Assert.False(governed.ContainsKey("ExternalConnections"), "the governed repository reaches Maven Central through the store");
    }

    [Fact]
    public void CodeArtifact_WhenAnExistingDomainIsGiven_ShouldCreateNoCodeArtifactResource()
    {
        var codeArtifact = Template.Resources.Where(r => ((string)r.Value["Type"]!).StartsWith("AWS::CodeArtifact::", StringComparison.Ordinal)).ToList();

        Assert.Equal(["Domain", "GovernedRepository", "StoreRepository"], codeArtifact.Select(r => r.Key).Order());
        Assert.All(codeArtifact, r => Assert.Equal("CreatesCodeArtifact", r.Value["Condition"]));
        Assert.True(Resolver().Condition("CreatesCodeArtifact"));
        Assert.False(Resolver(Existing).Condition("CreatesCodeArtifact"));
    }

    [Theory]
    [InlineData("", "", "", null)]
    [InlineData("acme", "", "releases", null)]
    [InlineData("acme", "111122223333", "releases", null)]
    [InlineData("acme", "", "", "ExistingRepositoryName is required with ExistingDomainName")]
    [InlineData("", "", "releases", "set ExistingDomainName too")]
    [InlineData("", "111122223333", "", "set ExistingDomainName too")]
    public void Rules_WhenTheExistingDomainParametersAreCombined_ShouldRefuseOnlyWhatCannotDeploy(
        string domain, string owner, string repository, string? refusal)
    {
        var parameters = new Dictionary<string, string>
        {
            ["ExistingDomainName"] = domain,
            ["ExistingDomainOwner"] = owner,
            ["ExistingRepositoryName"] = repository,
        };

        var failed = Resolver(parameters).FailedRuleAssertions();

        if (refusal is null)
        {
            Assert.Empty(failed);
        }
        else
        {
            Assert.Contains(failed, f => f.Contains(refusal, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Outputs_WhenAnExistingDomainIsGoverned_ShouldNameItItsOwnerAndTheRepository()
    {
        var existing = Resolver(Existing);
        var created = Resolver();

        var command = (string)existing.Resolve(Template.Outputs["MavenEndpointCommand"]["Value"])!;
        Assert.Contains("--domain acme --domain-owner 111122223333 --repository releases --format maven", command, StringComparison.Ordinal);
        Assert.Equal("arn:aws:codeartifact:eu-north-1:111122223333:repository/acme/releases",
            existing.Resolve(Template.Outputs["GovernedRepositoryArn"]["Value"]));
        Assert.Equal("CreatesCodeArtifact", Template.Outputs["StoreRepositoryName"]["Condition"]);
        Assert.Contains("--domain nextwork --domain-owner 123456789012 --repository nextwork-devops-cicd",
            (string)created.Resolve(Template.Outputs["MavenEndpointCommand"]["Value"])!, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> Existing = new()
    {
        ["ExistingDomainName"] = "acme",
        ["ExistingDomainOwner"] = "111122223333",
        ["ExistingRepositoryName"] = "releases",
    };

    private static IntrinsicResolver Resolver(Dictionary<string, string>? parameters = null) =>
        new(Template, parameters ?? [], "123456789012", "eu-north-1");

    [Fact]
    public void Queue_WhenEventsArrive_ShouldBeEncryptedAndRedriveToTheDeadLetterQueue()
    {
        var queue = Props("ReviewQueue");
        Assert.Equal(true, queue["SqsManagedSseEnabled"]);
        Assert.Equal(true, Props("ReviewDeadLetterQueue")["SqsManagedSseEnabled"]);
        var redrive = Map(queue["RedrivePolicy"]);
        Assert.Equal(GetAtt("ReviewDeadLetterQueue", "Arn"), redrive["deadLetterTargetArn"]);
        Assert.InRange((long)redrive["maxReceiveCount"]!, 1, 10);

        // Lambda's guidance for SQS sources: visibility timeout at least six times the function timeout.
        var timeout = (long)Template.FunctionProperty("ReviewFunction", "Timeout")!;
        Assert.True((long)queue["VisibilityTimeout"]! >= 6 * timeout);
    }

    [Fact]
    public void QueuePolicy_WhenItAdmitsSenders_ShouldAdmitOnlyThePackageVersionRule()
    {
        var policy = Props("ReviewQueuePolicy");
        Assert.Equal(new List<object?> { Ref("ReviewQueue"), Ref("ReviewDeadLetterQueue") }, policy["Queues"]);

        var allows = List(Map(policy["PolicyDocument"])["Statement"]).Cast<Dictionary<string, object?>>()
            .Where(s => Equals(s["Effect"], "Allow")).ToList();
        var allow = Assert.Single(allows);
        Assert.Equal("events.amazonaws.com", Map(allow["Principal"])["Service"]);
        Assert.Equal("sqs:SendMessage", allow["Action"]);
        var condition = Map(Map(allow["Condition"])["ArnEquals"]);
        Assert.Equal(GetAtt("PackageVersionChangedRule", "Arn"), condition["aws:SourceArn"]);
    }

    [Fact]
    public void Rule_WhenItMatches_ShouldTargetTheQueueWithTheDeadLetterQueueForFailedDeliveries()
    {
        var target = Map(Assert.Single(List(Props("PackageVersionChangedRule")["Targets"])));

        Assert.Equal(GetAtt("ReviewQueue", "Arn"), target["Arn"]);
        Assert.Equal(GetAtt("ReviewDeadLetterQueue", "Arn"), Map(target["DeadLetterConfig"])["Arn"]);
    }

    [Fact]
    public void OldestMessageAlarm_WhenARequestIsOnlyBeingRetried_ShouldNotFireButShouldBeforeACrashedRecordReturns()
    {
        var queue = Props("ReviewQueue");
        var maxReceiveCount = (int)(long)Map(queue["RedrivePolicy"])["maxReceiveCount"]!;
        var allBackoffs = Governance.Aws.Queues.RetryBackoffSchedule.Default.TotalFor(maxReceiveCount);
        var alarm = Props("ReviewQueueOldestMessageAlarm");
        var threshold = TimeSpan.FromSeconds((long)alarm["Threshold"]!);

        Assert.Equal("ApproximateAgeOfOldestMessage", alarm["MetricName"]);
        // Above what a request failing every delivery spends in backoff (930 s), plus a review's timeout for the runs ...
        var reviewTimeout = TimeSpan.FromSeconds((long)Template.FunctionProperty("ReviewFunction", "Timeout")!);
        Assert.True(threshold >= allBackoffs + reviewTimeout, $"threshold {threshold} is not above the backoffs {allBackoffs} plus a review {reviewTimeout}");
        // ... and below the visibility timeout a crashed or timed-out invocation's records wait: that is "stuck".
        Assert.True(threshold < TimeSpan.FromSeconds((long)queue["VisibilityTimeout"]!));
    }

    [Fact]
    public void LedgerTable_WhenReevaluationLooksForDueDecisions_ShouldHaveTheSparseDueIndexTheAdapterQueries()
    {
        var table = Props("LedgerTable");
        var index = Map(Assert.Single(List(table["GlobalSecondaryIndexes"])));
        var keys = List(index["KeySchema"]).Select(Map).ToDictionary(k => (string)k["KeyType"]!, k => (string)k["AttributeName"]!);
        var types = List(table["AttributeDefinitions"]).Select(Map).ToDictionary(a => (string)a["AttributeName"]!, a => (string)a["AttributeType"]!);

        Assert.Equal(Governance.Aws.Ledger.DynamoDbDecisionLedger.DueIndexName, index["IndexName"]);
        Assert.Equal(Governance.Aws.Ledger.DynamoDbDecisionLedger.DueShardAttribute, keys["HASH"]);
        Assert.Equal(Governance.Aws.Ledger.DynamoDbDecisionLedger.DueAtAttribute, keys["RANGE"]);
        Assert.Equal("S", types[Governance.Aws.Ledger.DynamoDbDecisionLedger.DueShardAttribute]);
        Assert.Equal("N", types[Governance.Aws.Ledger.DynamoDbDecisionLedger.DueAtAttribute]);
        Assert.Equal("ALL", Map(index["Projection"])["ProjectionType"]);
    }

    [Fact]
    public void ReevaluateFunction_WhenDeployed_ShouldSweepOnTheIntervalOneAtATimeWithTheReviewsEnvironment()
    {
        var review = Template.EnvironmentOf("ReviewFunction");
        var reevaluate = Template.EnvironmentOf("ReevaluateFunction");

        Assert.Equal("reevaluate", reevaluate["GOVERNANCE_FUNCTION"]);
        // The review's environment but its function name and the dead-letter queue (the sweep reads no queue).
        var expected = review.Where(v => v.Key is not "GOVERNANCE_FUNCTION" and not "GOVERNANCE_DEAD_LETTER_QUEUE_URL").ToDictionary();
        Assert.Equal(expected, reevaluate.Where(v => v.Key != "GOVERNANCE_FUNCTION").ToDictionary());

        var source = Map(Assert.Single(Map(Template.FunctionProperty("ReevaluateFunction", "Events")).Values));
        Assert.Equal("Schedule", source["Type"]);
        Assert.Equal(Ref("ReevaluationInterval"), Map(source["Properties"])["Schedule"]);
        Assert.Equal("rate(5 minutes)", Template.Parameters["ReevaluationInterval"]["Default"]);
        Assert.Equal(1L, Template.FunctionProperty("ReevaluateFunction", "ReservedConcurrentExecutions"));
        Assert.Equal(0L, Map(Template.FunctionProperty("ReevaluateFunction", "EventInvokeConfig"))["MaximumRetryAttempts"]);
        Assert.Equal(Template.FunctionProperty("ReviewFunction", "CodeUri"), Template.FunctionProperty("ReevaluateFunction", "CodeUri"));
        Assert.Equal("makefile", Map(Template.Resource("ReevaluateFunction")["Metadata"])["BuildMethod"]);
    }

    [Fact]
    public void ReviewFunction_WhenPackagedForDotnet10_ShouldRunTheExecutableOnDotnet10()
    {
        var resolver = new IntrinsicResolver(
            Template, new Dictionary<string, string> { ["FunctionPackaging"] = "dotnet10" }, "123456789012", "eu-north-1");

        Assert.Equal("dotnet10", resolver.Resolve(Template.FunctionProperty("ReviewFunction", "Runtime")));
        var handler = (string)resolver.Resolve(Template.FunctionProperty("ReviewFunction", "Handler"))!;
        Assert.Equal("Governance.Functions", handler);
        Assert.DoesNotContain("::", handler, StringComparison.Ordinal);
    }

    [Fact]
    public void Functions_ByDefault_ShouldBeTheNativeAotBootstrapOnProvidedAl2023ForX86()
    {
        // The default is what the end-to-end suite runs against (Functions.Tests/NativeAot), built for x86_64.
        var resolver = new IntrinsicResolver(Template, new Dictionary<string, string>(), "123456789012", "eu-north-1");
        Assert.Equal("native-aot", Template.Parameters["FunctionPackaging"]["Default"]);
        Assert.Equal("x86_64", Template.Parameters["Architecture"]["Default"]);

        Assert.Equal("provided.al2023", resolver.Resolve(Template.FunctionProperty("ReviewFunction", "Runtime")));
        Assert.Equal("bootstrap", resolver.Resolve(Template.FunctionProperty("ReviewFunction", "Handler")));
    }

    [Fact]
    public void ReviewFunction_WhenFedByTheQueue_ShouldReportBatchItemFailuresAndCapConcurrency()
    {
        var events = Map(Template.FunctionProperty("ReviewFunction", "Events"));
        var source = Map(Assert.Single(events.Values));
        Assert.Equal("SQS", source["Type"]);
        var properties = Map(source["Properties"]);

        Assert.Equal(GetAtt("ReviewQueue", "Arn"), properties["Queue"]);
        Assert.Equal(new List<object?> { "ReportBatchItemFailures" }, properties["FunctionResponseTypes"]);
        Assert.Equal(Ref("ReviewConcurrency"), Map(properties["ScalingConfig"])["MaximumConcurrency"]);
        Assert.Equal(2L, Template.Parameters["ReviewConcurrency"]["MinValue"]);
    }

    [Fact]
    public void ReviewFunction_WhenConfigured_ShouldHaveTheEnvironmentTheProgramReads()
    {
        var environment = Template.EnvironmentOf("ReviewFunction");

        Assert.Equal("review", environment["GOVERNANCE_FUNCTION"]);
        Assert.Equal(Ref("Mode"), environment["GOVERNANCE_MODE"]);
        Assert.Equal(Ref("QuarantineStatus"), environment["GOVERNANCE_QUARANTINE_STATUS"]);
        Assert.Equal(Ref("NotificationTopic"), environment["GOVERNANCE_TOPIC_ARN"]);
        Assert.Equal(Ref("LedgerTable"), environment["GOVERNANCE_LEDGER_TABLE"]);
        Assert.Equal(Ref("IntelApiUrl"), environment["GOVERNANCE_OSV_URL"]);
        Assert.Equal(Ref("MavenCentralUrl"), environment["GOVERNANCE_MAVEN_CENTRAL_URL"]);
        Assert.Equal(Ref("NpmRegistryUrl"), environment["GOVERNANCE_NPM_REGISTRY_URL"]);
        Assert.Equal(Ref("PyPiUrl"), environment["GOVERNANCE_PYPI_URL"]);
        Assert.Equal(900L, Template.FunctionProperty("ReviewFunction", "Timeout"));
    }

    [Fact]
    public void NotifyFunction_WhenDeployed_ShouldAlwaysRecordReceiptsAndPostToSlackOnlyWithAParameter()
    {
        // Always deployed (the receipts make a retried review's notification exactly-once); Slack is the optional part.
        Assert.False(Template.Resource("NotifyFunction").ContainsKey("Condition"));
        Assert.False(Template.Resource("NotifyFunctionRole").ContainsKey("Condition"));
        var environment = Template.EnvironmentOf("NotifyFunction");
        Assert.Equal("notify", environment["GOVERNANCE_FUNCTION"]);
        Assert.Equal(Ref("LedgerTable"), environment["GOVERNANCE_LEDGER_TABLE"]);
        Assert.Equal(Ref("SlackWebhookParameterName"), environment["GOVERNANCE_SLACK_WEBHOOK_PARAMETER"]);
        Assert.Equal("60", Template.EnvironmentOf("ReviewFunction")["GOVERNANCE_RECEIPT_WAIT_SECONDS"]);

        var source = Map(Assert.Single(Map(Template.FunctionProperty("NotifyFunction", "Events")).Values));
        Assert.Equal("SNS", source["Type"]);
        Assert.Equal(Ref("NotificationTopic"), Map(source["Properties"])["Topic"]);

        var withSlack = new IntrinsicResolver(Template, new Dictionary<string, string> { ["SlackWebhookParameterName"] = "/governance/slack" }, "123456789012", "eu-north-1");
        var without = new IntrinsicResolver(Template, new Dictionary<string, string>(), "123456789012", "eu-north-1");
        Assert.True(withSlack.Condition("HasSlackWebhook"));
        Assert.False(without.Condition("HasSlackWebhook"));
    }

    [Fact]
    public void EmailSubscription_WhenAnAddressIsGiven_ShouldSubscribeItToTheTopic()
    {
        var subscription = Template.Resource("EmailSubscription");
        Assert.Equal("HasNotificationEmail", subscription["Condition"]);
        Assert.Equal("email", Props("EmailSubscription")["Protocol"]);
        Assert.Equal(Ref("NotificationEmail"), Props("EmailSubscription")["Endpoint"]);

        Assert.True(new IntrinsicResolver(Template, new Dictionary<string, string> { ["NotificationEmail"] = "a@example.com" }, "1", "r").Condition("HasNotificationEmail"));
        Assert.False(new IntrinsicResolver(Template, new Dictionary<string, string>(), "1", "r").Condition("HasNotificationEmail"));
    }

    [Fact]
    public void LedgerTable_WhenCreated_ShouldBeOnDemandWithTtlRecoveryAndEncryption()
    {
        var table = Props("LedgerTable");

        Assert.Equal("PAY_PER_REQUEST", table["BillingMode"]);
        Assert.Equal(true, Map(table["TimeToLiveSpecification"])["Enabled"]);
        Assert.Equal(true, Map(table["PointInTimeRecoverySpecification"])["PointInTimeRecoveryEnabled"]);
        Assert.Equal(true, Map(table["SSESpecification"])["SSEEnabled"]);
    }

    [Fact]
    public void LedgerTable_WhenCreated_ShouldHaveTheKeysAndTtlTheLedgerAdapterWrites()
    {
        var table = Props("LedgerTable");
        var keys = ((IEnumerable<object?>)table["KeySchema"]!).Select(k => Map(k))
            .ToDictionary(k => (string)k["KeyType"]!, k => (string)k["AttributeName"]!);

        Assert.Equal(Governance.Aws.Ledger.DynamoDbDecisionLedger.PartitionKey, keys["HASH"]);
        Assert.Equal(Governance.Aws.Ledger.DynamoDbDecisionLedger.SortKey, keys["RANGE"]);
        Assert.Equal(Governance.Aws.Ledger.DynamoDbDecisionLedger.TtlAttribute, Map(table["TimeToLiveSpecification"])["AttributeName"]);
    }

    [Fact]
    public void Topic_WhenCreated_ShouldBeEncryptedWithAKeyCloudWatchMayUse()
    {
        Assert.Equal(Ref("NotificationKey"), Props("NotificationTopic")["KmsMasterKeyId"]);

        var statements = List(Map(Props("NotificationKey")["KeyPolicy"])["Statement"]).Cast<Dictionary<string, object?>>();
        Assert.Contains(statements, s => s.GetValueOrDefault("Principal") is Dictionary<string, object?> p
            && Equals(p.GetValueOrDefault("Service"), "cloudwatch.amazonaws.com"));
    }

    [Fact]
    public void LogGroups_WhenCreated_ShouldKeepEventsForTheConfiguredRetentionAndReceiveTheFunctionsLogs()
    {
        foreach (var (function, logGroup) in new[] { ("ReviewFunction", "ReviewLogGroup"), ("NotifyFunction", "NotifyLogGroup"), ("ReevaluateFunction", "ReevaluateLogGroup") })
        {
            Assert.Equal(Ref("LogRetentionDays"), Props(logGroup)["RetentionInDays"]);
            Assert.Equal(Ref(logGroup), Map(Template.FunctionProperty(function, "LoggingConfig"))["LogGroup"]);
        }
    }

    [Theory]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", "ReviewDeadLetterQueue")]
    [InlineData("AWS/SQS", "ApproximateAgeOfOldestMessage", "ReviewQueue")]
    [InlineData("AWS/Lambda", "Errors", "ReviewFunction")]
    [InlineData("AWS/Lambda", "Throttles", "ReviewFunction")]
    [InlineData("AWS/Lambda", "Errors", "NotifyFunction")]
    [InlineData("AWS/Lambda", "Errors", "ReevaluateFunction")]
    public void Alarms_WhenSomethingGoesWrong_ShouldNotifyTheTopic(string metricNamespace, string metric, string watched)
    {
        var alarms = Template.ResourcesOfType("AWS::CloudWatch::Alarm").Select(Props).Where(a =>
            Equals(a["Namespace"], metricNamespace) && Equals(a["MetricName"], metric)
            && List(a["Dimensions"]).Cast<Dictionary<string, object?>>().Any(d => d["Value"] switch
            {
                Dictionary<string, object?> value when value.TryGetValue("Ref", out var r) => Equals(r, watched),
                Dictionary<string, object?> value when value.GetValueOrDefault("Fn::GetAtt") is List<object?> parts => Equals(parts[0], watched),
                _ => false,
            })).ToList();

        var alarm = Assert.Single(alarms);
        Assert.Equal(new List<object?> { Ref("NotificationTopic") }, alarm["AlarmActions"]);
    }

    [Fact]
    public void Outputs_WhenTheStackIsUp_ShouldTellUsersWhereEverythingIs()
    {
        var expected = new[]
        {
            "DomainName", "GovernedRepositoryName", "StoreRepositoryName", "NotificationTopicArn", "ReviewQueueUrl",
            "ReviewDeadLetterQueueUrl", "LedgerTableName", "MavenEndpointCommand",
        };
        Assert.Empty(expected.Except(Template.Outputs.Keys));

        var command = (string)List(Map(Template.Outputs["MavenEndpointCommand"]["Value"])["Fn::Sub"])[0]!;
        Assert.StartsWith("aws codeartifact get-repository-endpoint", command, StringComparison.Ordinal);
        Assert.Contains("--format maven", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_WhenAStatementUsesResourceStar_ShouldSayWhyInAComment()
    {
        // Key policies name their own key as '*'; anywhere a '*' resource appears the reason must be written down.
        var undocumented = new List<string>();
        FindStarResources(Template.Document.Root, undocumented);

        Assert.Empty(undocumented);
    }

    private static void FindStarResources(object? node, List<string> undocumented)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                if (map.TryGetValue("Resource", out var resource) && map.ContainsKey("Effect")
                    && (Equals(resource, "*") || (resource is List<object?> list && list.Contains("*"))))
                {
                    var line = Template.Document.LineOf(map);
                    var above = line >= 2 ? Template.Document.SourceLines[line - 2].TrimStart() : string.Empty;
                    if (!above.StartsWith('#'))
                    {
                        undocumented.Add($"line {line}: statement {map.GetValueOrDefault("Sid")}");
                    }
                }

                foreach (var value in map.Values)
                {
                    FindStarResources(value, undocumented);
                }

                break;
            case List<object?> items:
                items.ForEach(item => FindStarResources(item, undocumented));
                break;
        }
    }

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex SubVariable();
}
