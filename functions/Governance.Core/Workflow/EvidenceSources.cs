using Governance.Core.Ports;

namespace Governance.Core.Workflow;

/// <summary>
/// The public sources a review asks beyond CodeArtifact; null leaves one out (its evidence is then "not queried",
/// which the message says). The composition root decides them from the deployment's configuration.
/// </summary>
public sealed record EvidenceSources(IIntelSource? Intel, IPublicRegistry? Registry)
{
    public static EvidenceSources None { get; } = new(null, null);
}
