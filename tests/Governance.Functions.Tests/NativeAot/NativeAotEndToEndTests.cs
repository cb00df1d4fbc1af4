using Governance.Functions.Tests.EndToEnd;
using Governance.Functions.Tests.Support;

namespace Governance.Functions.Tests.NativeAot;

// The end-to-end scenarios once more, against the NativeAOT build of the function program: every path the product
// runs in Lambda (review with verdict and notification, notify, crash recovery, malformed event to the dead-letter
// file, evidence from OSV, registry digests and archives, cooldown and the reevaluate function). A trimming or
// reflection break that only the native program has shows up here, not in a user's deployment.

[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotReviewVerdictTests(NativeAotFunctionFixture fixture) : ReviewVerdictScenarios(fixture);

[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotNotificationTests(NativeAotFunctionFixture fixture) : NotificationScenarios(fixture);

[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotCrashRecoveryTests(NativeAotFunctionFixture fixture) : CrashRecoveryScenarios(fixture);

[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotMalformedEventTests(NativeAotFunctionFixture fixture) : MalformedEventScenarios(fixture);

[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotEvidenceTests(NativeAotFunctionFixture fixture) : EvidenceScenarios(fixture);

[Collection(NativeAotEndToEndTestGroup.Name)]
public sealed class NativeAotReevaluationTests(NativeAotFunctionFixture fixture) : ReevaluationScenarios(fixture);
