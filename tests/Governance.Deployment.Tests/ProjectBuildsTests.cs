namespace Governance.Deployment.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void Assembly_WhenLoaded_HasTheProjectName()
    {
        Assert.Equal("Governance.Deployment.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
