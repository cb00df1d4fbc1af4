namespace Governance.Core.Evidence;

/// <summary>
/// The evidence gathered beyond CodeArtifact's own record: intel about the version, the public registry's digests
/// (EXTERNAL versions) and licenses read from the artifact. Gathered through ports by the reviewer (or the CLI);
/// the evaluation only reads it.
/// </summary>
public sealed record ReviewEvidence(IntelEvidence Intel, RegistryEvidence Registry, LicenseDiscovery Licenses)
{
    public static ReviewEvidence None { get; } = new(
        IntelEvidence.NotQueried("no intel source configured"),
        RegistryEvidence.NotQueried("no public registry configured"),
        LicenseDiscovery.None);
}
