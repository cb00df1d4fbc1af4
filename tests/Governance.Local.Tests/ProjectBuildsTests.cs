namespace Governance.Local.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void Assembly_WhenLoaded_HasTheProjectName()
    {
        Assert.Equal("Governance.Local.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
