using System.Net;
using Governance.TestSupport;

namespace Governance.Local.Tests.Properties;

/// <summary>The cases <see cref="HostileNameProperties"/> found (issue 15), kept as examples on their own stack.</summary>
public sealed class HostileNameFoundCases : IAsyncLifetime
{
    private const string Domain = "found";
    private const string Repository = "found-cases";
    private LocalStackHarness _stack = null!;
    private LocalStackNameDriver _driver = null!;

    public async Task InitializeAsync()
    {
        _stack = await LocalStackHarness.StartAsync();
        _driver = await LocalStackNameDriver.CreateAsync(_stack, Domain, Repository);
    }

    public async Task DisposeAsync()
    {
        _driver.Dispose();
        await _stack.DisposeAsync();
    }

    private static void AssertValidationError(Answer answer, string what) =>
        Assert.True(answer.Status == HttpStatusCode.BadRequest && answer.ErrorType == "ValidationException", $"{what}: expected a ValidationException, got {answer}");

    /// <summary>A lone surrogate's bytes (not UTF-8) used to be stored as the literal text "%ED%A0%80"; refused at the edge now.</summary>
    [Fact]
    public async Task PublishPackageVersion_WhenANameIsNotUtf8OncePercentDecoded_ShouldBeAValidationError()
    {
        var published = await _driver.PublishGenericAsync("ns\uD800", "pkg", "1.0.0", [1, 2, 3]);

        AssertValidationError(published, "publish");
        Assert.Contains("not UTF-8", published.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NpmPublish_WhenTheNameIsNotUtf8OncePercentDecoded_ShouldAnswer400()
    {
        var published = await _driver.PublishNpmAsync("%\uDC00", "1.0.0", [1, 2, 3]);

        Assert.Equal(HttpStatusCode.BadRequest, published.Status);
        Assert.Contains("not UTF-8", published.Text, StringComparison.Ordinal);
    }

    /// <summary>.NET's <c>$</c> also matches before a final newline: "name\n" passed the [^#/\s]+ rule of every read.</summary>
    [Theory]
    [InlineData("pypi", null)]
    [InlineData("generic", "ns")]
    public async Task DescribePackageVersion_WhenTheNameEndsWithANewline_ShouldBeAValidationError(string format, string? ns) =>
        AssertValidationError(await _driver.DescribeVersionAsync(format, ns, "name\n", "1.0.0"), "describe");

    [Fact]
    public async Task CreateDomain_WhenTheNameEndsWithANewline_ShouldBeAValidationError()
    {
        var created = await _stack.AwsAsync(["codeartifact", "create-domain", "--domain", "newline\n"]);

        Assert.True(created.ExitCode != 0, created.ToString());
        Assert.Contains("ValidationException", created.StandardError, StringComparison.Ordinal);
    }

    /// <summary>An enumeration value was echoed raw in the error message (an escape sequence reached the terminal).</summary>
    [Fact]
    public async Task DescribePackageVersion_WhenTheFormatHoldsAnEscapeSequence_ShouldRefuseWithoutEchoingIt()
    {
        var described = await _driver.DescribeVersionAsync("npm\u001b[31m", null, "left-pad", "1.0.0");

        AssertValidationError(described, "describe");
        var message = System.Text.Json.JsonDocument.Parse(described.Body).RootElement.GetProperty("message").GetString()!;
        Assert.DoesNotContain('\u001b', message);
        Assert.Contains("\\u001B[31m", message, StringComparison.Ordinal);
    }
}
