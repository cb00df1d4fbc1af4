using System.Diagnostics;
using System.Text;
using Governance.Core.Workflow;
using Governance.Functions.Observability;

namespace Governance.Functions.Reevaluate;

/// <summary>
/// The scheduled re-evaluation (template.yaml: a schedule every few minutes; the local stack: <c>governance local
/// sweep</c> or its timer). The event's content does not matter: each run asks the ledger what is due and whether the
/// policy changed (<see cref="ReevaluationSweep"/>). A run that fails part-way leaves the rest due for the next run,
/// so the handler reports failures in its answer and its log rather than failing the invocation (a retry of a
/// scheduled invocation would only run the same sweep again).
/// </summary>
public sealed class ReevaluateFunction(ReevaluationSweep sweep, StructuredLog log, EmbeddedMetrics metrics)
{
    public async Task<string> HandleAsync(string input, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var report = await sweep.RunAsync(cancellationToken).ConfigureAwait(false);
        foreach (var outcome in report.Outcomes.Where(o => o.Kind != ReviewOutcomeKind.Unchanged))
        {
            log.Info("re-evaluated", ("outcome", outcome.Kind.ToString()), ("package", outcome.PackageUrl), ("revision", outcome.Revision),
                ("reason", outcome.Reason), ("action", outcome.Action), ("applied", outcome.ActionApplied), ("messageId", outcome.NotificationMessageId));
        }

        log.Info("sweep finished", ("due", report.Due), ("changed", report.Changed), ("unchanged", report.Unchanged), ("skipped", report.Skipped),
            ("failed", report.Failed), ("policyPassComplete", report.PolicyPassComplete), ("milliseconds", started.ElapsedMilliseconds));
        metrics.Emit([("Function", "reevaluate")],
        [
            ("Reevaluated", report.Changed + report.Unchanged, "Count"),
            ("DecisionsChanged", report.Changed, "Count"),
            ("ReevaluationFailures", report.Failed, "Count"),
        ]);
        return new StringBuilder()
            .Append("{\"due\":").Append(report.Due)
            .Append(",\"changed\":").Append(report.Changed)
            .Append(",\"unchanged\":").Append(report.Unchanged)
            .Append(",\"skipped\":").Append(report.Skipped)
            .Append(",\"failed\":").Append(report.Failed)
            .Append(",\"policyPassComplete\":").Append(report.PolicyPassComplete ? "true" : "false")
            .Append('}').ToString();
    }
}
