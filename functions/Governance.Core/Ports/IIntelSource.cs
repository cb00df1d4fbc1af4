using Governance.Core.Evidence;
using Governance.Core.Packages;

namespace Governance.Core.Ports;

/// <summary>
/// Intel about a package version (an OSV-compatible API). Never throws for the source's faults: retries, timeouts,
/// 5xx and unreadable answers end as <see cref="IntelStatus.Unreachable"/> with the reason, so the policy decides
/// what an unreachable source means. Only cancellation propagates.
/// </summary>
public interface IIntelSource
{
    Task<IntelEvidence> LookUpAsync(PackageVersionId id, CancellationToken cancellationToken);
}
