using Governance.Core.Packages;

namespace Governance.Cli.Demo;

/// <summary>One package the demo publishes, how it arrives, and the verdict and status it must end with.</summary>
public sealed record DemoPackage(
    string Label,
    string Format,
    string? Namespace,
    string Name,
    string Version,
    DemoArrival Arrival,
    string? License,
    string ExpectedOutcome,
    PackageVersionStatus ExpectedStatus);

public enum DemoArrival
{
    /// <summary>publish-package-version, as in the CodeArtifact walkthrough.</summary>
    GenericPublish,
    /// <summary>The real npm client against the repository's npm endpoint; CodeArtifact reads the license from package.json.</summary>
    NpmPublish,
    /// <summary>A generic publish whose first asset is altered at rest before the publish completes.</summary>
    GenericPublishTampered,
}
