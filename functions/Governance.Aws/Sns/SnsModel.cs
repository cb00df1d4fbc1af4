using Amazon.Runtime;

namespace Governance.Aws.Sns;

// SNS (awsQuery, API 2010-03-31) inputs and outputs for the operations we use, named as in sns.service-2.json.

/// <summary>A message attribute: <c>DataType</c> String, String.Array, Number or Binary.</summary>
public sealed class MessageAttributeValue
{
    public string? DataType { get; set; }
    public string? StringValue { get; set; }
    public byte[]? BinaryValue { get; set; }

    public static MessageAttributeValue OfString(string value) => new() { DataType = "String", StringValue = value };

    public static MessageAttributeValue OfNumber(string value) => new() { DataType = "Number", StringValue = value };

    public static MessageAttributeValue OfBinary(byte[] value) => new() { DataType = "Binary", BinaryValue = value };
}

public sealed class PublishRequest : AmazonWebServiceRequest
{
    public string? TopicArn { get; set; }
    public string? TargetArn { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Message { get; set; }
    public string? Subject { get; set; }
    /// <summary>Only <c>json</c>: then <see cref="Message"/> is a JSON object with a <c>default</c> key.</summary>
    public string? MessageStructure { get; set; }
    /// <summary>Sent in insertion order as MessageAttributes.entry.N.</summary>
    public IDictionary<string, MessageAttributeValue> MessageAttributes { get; } = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
    public string? MessageDeduplicationId { get; set; }
    public string? MessageGroupId { get; set; }
}

public sealed class PublishResponse : AmazonWebServiceResponse
{
    public string? MessageId { get; set; }
    public string? SequenceNumber { get; set; }
}

public sealed class CreateTopicRequest : AmazonWebServiceRequest
{
    public string? Name { get; set; }
    public IDictionary<string, string> Attributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public IDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

public sealed class CreateTopicResponse : AmazonWebServiceResponse
{
    public string? TopicArn { get; set; }
}

public sealed class SubscribeRequest : AmazonWebServiceRequest
{
    public string? TopicArn { get; set; }
    public string? Protocol { get; set; }
    public string? Endpoint { get; set; }
    public IDictionary<string, string> Attributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    public bool? ReturnSubscriptionArn { get; set; }
}

public sealed class SubscribeResponse : AmazonWebServiceResponse
{
    public string? SubscriptionArn { get; set; }
}

public sealed class ListSubscriptionsByTopicRequest : AmazonWebServiceRequest
{
    public string? TopicArn { get; set; }
    public string? NextToken { get; set; }
}

public sealed class Subscription
{
    public string? SubscriptionArn { get; set; }
    public string? Owner { get; set; }
    public string? Protocol { get; set; }
    public string? Endpoint { get; set; }
    public string? TopicArn { get; set; }
}

public sealed class ListSubscriptionsByTopicResponse : AmazonWebServiceResponse
{
    public IList<Subscription> Subscriptions { get; } = [];
    public string? NextToken { get; set; }
}

/// <summary>
/// An error SNS returned (awsQuery XML <c>ErrorResponse</c>): <see cref="AmazonServiceException.ErrorCode"/> is the
/// wire <c>Code</c> (e.g. <c>NotFound</c>, <c>InvalidParameter</c>, <c>AuthorizationError</c>).
/// </summary>
public class SnsException : AmazonServiceException
{
    public SnsException() { }
    public SnsException(string message) : base(message) { }
    public SnsException(string message, Exception innerException) : base(message, innerException) { }
    public SnsException(string message, Exception? innerException, ErrorType errorType, string? errorCode, string? requestId, System.Net.HttpStatusCode statusCode)
        : base(message, innerException, errorType, errorCode, requestId, statusCode) { }
}
