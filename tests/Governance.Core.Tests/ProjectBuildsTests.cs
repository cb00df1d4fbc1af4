namespace Governance.Core.Tests;

public class ProjectBuildsTests
{
    [Fact]
    public void Assembly_WhenLoaded_HasTheProjectName()
    {
        Assert.Equal("Governance.Core.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
