namespace Governance.Local.Edge;

/// <summary>The one set of credentials the local stack accepts (LocalStack's convention: <c>test</c>/<c>test</c>).</summary>
public sealed record LocalCredentials(string AccessKeyId, string SecretAccessKey, string AccountId)
{
    public static LocalCredentials Default { get; } = new("test", "test", "000000000000");
}
