using Governance.Core.Evidence;
using Governance.Core.Packages;
using Governance.Core.Ports;

namespace Governance.Evidence.Osv;

/// <summary>The intel source when <c>GOVERNANCE_OSV_URL=off</c>: never asks anyone, says so.</summary>
public sealed class DisabledIntelSource : IIntelSource
{
    public static DisabledIntelSource Instance { get; } = new();

    public Task<IntelEvidence> LookUpAsync(PackageVersionId id, CancellationToken cancellationToken) =>
        Task.FromResult(IntelEvidence.NotQueried($"intel disabled ({OsvOptions.UrlVariable}=off)"));
}
