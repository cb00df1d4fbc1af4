using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Governance.Aws.Parameters;
using Governance.Aws.Tests.Support;

namespace Governance.Aws.Tests.Parameters;

/// <summary>SecureString reads against SSM as moto_server implements it.</summary>
[Collection(MotoServerGroup.Name)]
public sealed class SsmSecureParameterTests(MotoServerFixture moto) : IDisposable
{
    private readonly AmazonSimpleSystemsManagementClient _ssm =
        new(TestEnvironment.Credentials, new AmazonSimpleSystemsManagementConfig().AtLoopback(moto.Endpoint));

    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public void Dispose() => _ssm.Dispose();

    private Task<PutParameterResponse> Put(string name, string value) => _ssm.PutParameterAsync(new PutParameterRequest
    {
        Name = name, Value = value, Type = ParameterType.SecureString, Overwrite = true,
    });

    [Fact]
    public async Task Get_WhenSecureStringExists_ShouldReturnDecryptedValueAndCacheIt()
    {
        var name = "/governance/slack-webhook-" + Guid.NewGuid().ToString("N")[..8];
        await Put(name, "https://hooks.slack.example/T000/B000/first");
        using var parameter = new SsmSecureParameter(_ssm, name);

        Assert.Equal("https://hooks.slack.example/T000/B000/first", await parameter.GetAsync(Bounded()));

        // Changed in SSM after the first read: this sandbox keeps what it read; a new sandbox sees the new value.
        await Put(name, "https://hooks.slack.example/T000/B000/second");
        Assert.Equal("https://hooks.slack.example/T000/B000/first", await parameter.GetAsync(Bounded()));
        using var fresh = new SsmSecureParameter(_ssm, name);
        Assert.Equal("https://hooks.slack.example/T000/B000/second", await fresh.GetAsync(Bounded()));
    }

    [Fact]
    public async Task Get_WhenParameterMissing_ShouldNameItAndNotCacheTheFailure()
    {
        var name = "/governance/missing-" + Guid.NewGuid().ToString("N")[..8];
        using var parameter = new SsmSecureParameter(_ssm, name);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => parameter.GetAsync(Bounded()));
        Assert.Contains(name, error.Message);

        await Put(name, "now-there");
        Assert.Equal("now-there", await parameter.GetAsync(Bounded()));
    }

    [Fact]
    public void Constructor_WhenNameEmpty_ShouldExplainTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => new SsmSecureParameter(_ssm, ""));
        Assert.Contains("parameter name is required", error.Message);
    }
}
