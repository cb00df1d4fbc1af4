namespace Governance.Deployment.Tests.Build;

/// <summary>
/// The tests that run `make build-…`: they share the build's intermediate folder (.aws-sam/…), so they run one at a
/// time rather than racing for the same files.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MakeBuilds
{
    public const string Name = "make builds";
}
