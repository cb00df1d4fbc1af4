using Governance.Core.Events;
using Governance.Core.Packages;
using Governance.Core.Policy;

namespace Governance.Core.Triage;

/// <summary>Why an event is not reviewed.</summary>
public enum IgnoreReason
{
    /// <summary>The version was deleted: there is nothing left to review.</summary>
    Deleted,
    /// <summary>
    /// Only the status changed, to a status that is not Published. Our own quarantine updates come back as such
    /// events; reviewing them would loop.
    /// </summary>
    StatusOnlyChange,
    /// <summary>The version is Unfinished (assets still being added) or Disposed (assets gone).</summary>
    NotReviewableState,
    RepositoryOutOfScope,
    FormatOutOfScope,
}

/// <summary>Review the version, or ignore the event for a reason; <see cref="DeduplicationId"/> is for the ledger.</summary>
public sealed record TriageDecision(bool Review, IgnoreReason? Reason, string Explanation, string DeduplicationId)
{
    public static TriageDecision ToReview(string explanation, string deduplicationId) => new(true, null, explanation, deduplicationId);

    public static TriageDecision Ignore(IgnoreReason reason, string explanation, string deduplicationId) =>
        new(false, reason, explanation, deduplicationId);
}

/// <summary>
/// Decides whether an event warrants a review. Pure: the same event and policy always give the same decision.
/// Duplicates (same <c>eventDeduplicationId</c>, or the same version and revision already decided) are collapsed by
/// the decision ledger, not here.
/// </summary>
public static class Triage
{
    /// <summary>
    /// Review or ignore: deleted versions, status-only changes to a non-Published status (the loop guard),
    /// Unfinished/Disposed versions and repositories or formats outside the policy's scope are ignored, with the reason.
    /// </summary>
    public static TriageDecision Decide(PackageVersionStateChange evt, GovernancePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(policy);
        var detail = evt.Detail;
        var dedup = evt.DeduplicationId;
        var what = evt.PackageVersionId.ToString();
        if (detail.OperationType == PackageOperationType.Deleted || detail.PackageVersionState == PackageVersionStatus.Deleted)
        {
            return TriageDecision.Ignore(IgnoreReason.Deleted, $"{what} was deleted", dedup);
        }
        if (!policy.Scope.IncludesRepository(detail.RepositoryName))
        {
            return TriageDecision.Ignore(IgnoreReason.RepositoryOutOfScope,
                $"repository '{detail.RepositoryName}' is not in the policy's scope ({string.Join(", ", policy.Scope.Repositories)})", dedup);
        }
        if (!policy.Scope.IncludesFormat(detail.PackageFormat))
        {
            return TriageDecision.Ignore(IgnoreReason.FormatOutOfScope,
                $"format '{detail.PackageFormat}' is not in the policy's scope ({string.Join(", ", policy.Scope.Formats)})", dedup);
        }
        // A change to Published with nothing else changed is either the end of a multi-step publish
        // (Unfinished → Published) or a person releasing a quarantined version: both must be reviewed. Any other
        // status-only change (to Unlisted, Archived, Disposed) is a status being set, possibly by us: the loop guard.
        if (detail.Changes.IsStatusOnly && detail.PackageVersionState != PackageVersionStatus.Published)
        {
            return TriageDecision.Ignore(IgnoreReason.StatusOnlyChange,
                $"{what}: only the status changed (now {detail.PackageVersionState}); status changes are not re-reviewed", dedup);
        }
        if (detail.PackageVersionState is PackageVersionStatus.Unfinished or PackageVersionStatus.Disposed)
        {
            return TriageDecision.Ignore(IgnoreReason.NotReviewableState,
                $"{what} is {detail.PackageVersionState}; it is reviewed once it is published", dedup);
        }
        return TriageDecision.ToReview($"{what} {detail.OperationType.ToString().ToLowerInvariant()} at revision {detail.PackageVersionRevision}", dedup);
    }
}
