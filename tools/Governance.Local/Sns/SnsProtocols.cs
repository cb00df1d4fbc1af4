namespace Governance.Local.Sns;

/// <summary>
/// The subscription protocols the local SNS delivers to, spelled as on the wire. They double as the keys of a
/// <c>MessageStructure=json</c> message, which is why delivery asks for the text by protocol name.
/// </summary>
public static class SnsProtocols
{
    public const string Email = "email";
    public const string EmailJson = "email-json";
    public const string Http = "http";
    public const string Https = "https";
    public const string Lambda = "lambda";

    /// <summary>Everything else SNS knows (sms, sqs, application, firehose) is refused: nothing local could receive it.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Email, EmailJson, Http, Https, Lambda];
}
