using System.Net;

namespace Governance.Local.Edge;

/// <summary>An error as AWS names it: HTTP status, error code (the shape name) and message.</summary>
public sealed record AwsError(HttpStatusCode Status, string Code, string Message, TimeSpan? RetryAfter = null)
{
    public static AwsError MissingToken() => new(HttpStatusCode.Forbidden, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static AwsError Incomplete(string message) => new(HttpStatusCode.Forbidden, "IncompleteSignatureException", message);

    public static AwsError UnknownKey() => new(HttpStatusCode.Forbidden, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static AwsError BadSignature() => new(
        HttpStatusCode.Forbidden,
        "InvalidSignatureException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    /// <summary>A credential scope for another region than the endpoint's: AWS names the region it was given.</summary>
    public static AwsError WrongRegion(string scopeRegion) => new(
        HttpStatusCode.Forbidden, "InvalidSignatureException", $"Credential should be scoped to a valid region, not '{scopeRegion}'. ");

    public static AwsError Expired(string message) => new(HttpStatusCode.Forbidden, "InvalidSignatureException", message);
}
