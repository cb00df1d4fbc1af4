namespace Governance.Cli.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void Assembly_WhenLoaded_HasTheProjectName()
    {
        Assert.Equal("Governance.Cli.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
