using Governance.Core.Evidence;
using Governance.Core.Packages;

namespace Governance.Core.Ports;

/// <summary>
/// The public registry an EXTERNAL version came from (Maven Central, npmjs, PyPI), asked for the digests it publishes
/// for the version's files. Like <see cref="IIntelSource"/>, faults become <see cref="RegistryStatus.Unreachable"/>
/// with the reason; only cancellation propagates.
/// </summary>
public interface IPublicRegistry
{
    /// <param name="assets">The version's assets as CodeArtifact lists them (Maven publishes a checksum file per file).</param>
    Task<RegistryEvidence> DescribeAsync(PackageVersionId id, IReadOnlyList<AssetDescriptor> assets, CancellationToken cancellationToken);
}
