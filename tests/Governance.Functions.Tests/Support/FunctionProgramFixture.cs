using Governance.Cli.Local;

namespace Governance.Functions.Tests.Support;

/// <summary>
/// The JIT build, the one the dotnet10 packaging deploys: <c>dotnet publish</c> of the function program ONCE per test
/// run (as <c>sam build</c> does), run by every end-to-end test under the local Lambda Runtime API host.
/// </summary>
public sealed class FunctionProgramFixture() : EndToEndFixture("governance-e2e")
{
    public string FunctionAssembly { get; private set; } = "";

    protected override TimeSpan BuildTimeout => TimeSpan.FromMinutes(8);

    protected override async Task BuildAsync(string repositoryRoot, CancellationToken cancellationToken) =>
        FunctionAssembly = await FunctionArtifact.BuildAsync(repositoryRoot, Path.Combine(Root, "function"), TextWriter.Null, cancellationToken);

    protected override GovernedStackOptions RunningThisBuild(GovernedStackOptions options) => options with { FunctionAssembly = FunctionAssembly };
}

[CollectionDefinition(Name)]
public sealed class EndToEndTestGroup : ICollectionFixture<FunctionProgramFixture>
{
    // One collection: the end-to-end tests share the built program and run one after another, so the two cores of a
    // CI runner are not oversubscribed by several stacks and their function processes at once.
    public const string Name = "end-to-end";
}
