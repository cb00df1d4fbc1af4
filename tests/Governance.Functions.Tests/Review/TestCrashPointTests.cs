namespace Governance.Functions.Tests.Review;

public sealed class TestCrashPointTests
{
    [Fact]
    public void CrashOnce_WhenStepIsReachedTwice_ShouldCrashOnlyTheFirstTime()
    {
        using var temp = new TempFolder("governance-crash");
        var folder = temp.File("markers");
        var crashes = 0;

        TestCrashPoint.CrashOnce("after-status-update", "before-notify", folder, () => crashes++);
        TestCrashPoint.CrashOnce("after-status-update", "after-status-update", folder, () => crashes++);
        TestCrashPoint.CrashOnce("after-status-update", "after-status-update", folder, () => crashes++);

        Assert.Equal(1, crashes);
        Assert.True(File.Exists(Path.Combine(folder, "crashed-after-status-update")));
    }

    [Fact]
    public void FromEnvironment_WhenNoStepIsConfigured_ShouldReturnNoCrashPoint()
    {
        Assert.Null(TestCrashPoint.FromEnvironment(_ => null));
    }

    [Fact]
    public void FromEnvironment_WhenStepIsSetWithoutMarkerFolder_ShouldNameTheMissingVariable()
    {
        var error = Assert.Throws<FunctionConfigurationException>(() =>
            TestCrashPoint.FromEnvironment(name => name == TestCrashPoint.StepVariable ? "before-notify" : null));

        Assert.Contains(TestCrashPoint.MarkerFolderVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_WhenTheStepIsNotOneOfTheReviewersCrashPoints_ShouldNameThem()
    {
        var error = Assert.Throws<FunctionConfigurationException>(() =>
            TestCrashPoint.FromEnvironment(name => name == TestCrashPoint.StepVariable ? "after-stauts-update" : "/tmp"));

        Assert.Contains("after-stauts-update", error.Message, StringComparison.Ordinal);
        Assert.All(Governance.Core.Workflow.CrashPoints.All, step => Assert.Contains(step, error.Message, StringComparison.Ordinal));
    }
}
