namespace Governance.Aws.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void Assembly_WhenLoaded_HasTheProjectName()
    {
        Assert.Equal("Governance.Aws.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
