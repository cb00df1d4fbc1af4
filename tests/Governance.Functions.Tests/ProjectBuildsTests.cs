namespace Governance.Functions.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void Assembly_WhenLoaded_HasTheProjectName()
    {
        Assert.Equal("Governance.Functions.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
