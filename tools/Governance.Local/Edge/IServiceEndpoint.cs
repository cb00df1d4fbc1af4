using Microsoft.AspNetCore.Http;

namespace Governance.Local.Edge;

/// <summary>
/// One emulated AWS service behind the edge endpoint. The edge routes each request by the service name in its SigV4
/// credential scope (<c>codeartifact</c>, <c>sns</c>) and calls <see cref="HandleAsync"/> only after the signature
/// was verified; unsigned routes (the npm registry, the Slack capture) are mapped by path instead.
/// </summary>
public interface IServiceEndpoint
{
    /// <summary>The SigV4 signing name this endpoint serves, as it appears in the credential scope.</summary>
    string SigningName { get; }

    Task HandleAsync(HttpContext context, CallerIdentity caller);
}

/// <summary>Who signed the request, as the edge verified it.</summary>
public sealed record CallerIdentity(string AccessKeyId, string AccountId, string Region);
