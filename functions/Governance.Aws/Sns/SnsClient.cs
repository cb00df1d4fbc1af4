using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Governance.Aws.CodeArtifact;
using Governance.Aws.Protocol;

namespace Governance.Aws.Sns;

/// <summary>Configuration of <see cref="SnsClient"/>: the SDK's ClientConfig for service id <c>SNS</c>.</summary>
public sealed class SnsConfig() : AwsServiceConfig(AwsServiceDescription.Sns);

/// <summary>
/// Amazon SNS over the awsQuery protocol (form-encoded POST, XML responses) on AWSSDK.Core: Publish, CreateTopic,
/// Subscribe, ListSubscriptionsByTopic. Errors are <see cref="SnsException"/> carrying the wire code.
/// </summary>
public sealed class SnsClient : AwsServiceClientBase
{
    public SnsClient(SnsConfig config) : base(config) { }

    public SnsClient(AWSCredentials credentials, SnsConfig config) : base(credentials, config) { }

    /// <summary>Every operation this client calls with the IAM action it needs.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        new("Publish", ["sns:Publish"], "kms:GenerateDataKey and kms:Decrypt on the topic's key when the topic is encrypted with a customer managed key."),
        new("CreateTopic", ["sns:CreateTopic"]),
        new("Subscribe", ["sns:Subscribe"]),
        new("ListSubscriptionsByTopic", ["sns:ListSubscriptionsByTopic"]),
    ];

    public Task<PublishResponse> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PublishResponse>(request, Form<PublishRequest>("Publish", (r, form) =>
        {
            if (r.TopicArn is null && r.TargetArn is null && r.PhoneNumber is null)
            {
                throw new ArgumentException("Publish: one of TopicArn, TargetArn or PhoneNumber is required.", nameof(request));
            }

            form.Add("TopicArn", r.TopicArn);
            form.Add("TargetArn", r.TargetArn);
            form.Add("PhoneNumber", r.PhoneNumber);
            form.Add("Message", r.Message ?? throw new ArgumentException("Publish: Message is required.", nameof(request)));
            form.Add("Subject", r.Subject);
            form.Add("MessageStructure", r.MessageStructure);
            var n = 0;
            foreach (var (name, value) in r.MessageAttributes)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"MessageAttributes.entry.{++n}.");
                form.Add(prefix + "Name", name);
                form.Add(prefix + "Value.DataType", value.DataType ?? throw new ArgumentException($"Publish: message attribute '{name}' has no DataType.", nameof(request)));
                form.Add(prefix + "Value.StringValue", value.StringValue);
                form.Add(prefix + "Value.BinaryValue", value.BinaryValue is null ? null : Convert.ToBase64String(value.BinaryValue));
            }

            form.Add("MessageDeduplicationId", r.MessageDeduplicationId);
            form.Add("MessageGroupId", r.MessageGroupId);
        }), Xml((result, response) =>
        {
            response.MessageId = Text(result, "MessageId");
            response.SequenceNumber = Text(result, "SequenceNumber");
        }, new PublishResponse(), "PublishResult"), cancellationToken);

    public Task<CreateTopicResponse> CreateTopicAsync(CreateTopicRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateTopicResponse>(request, Form<CreateTopicRequest>("CreateTopic", (r, form) =>
        {
            form.Add("Name", r.Name ?? throw new ArgumentException("CreateTopic: Name is required.", nameof(request)));
            form.AddMap("Attributes", r.Attributes);
            var n = 0;
            foreach (var (key, value) in r.Tags)
            {
                n++;
                form.Add(string.Create(CultureInfo.InvariantCulture, $"Tags.member.{n}.Key"), key);
                form.Add(string.Create(CultureInfo.InvariantCulture, $"Tags.member.{n}.Value"), value);
            }
        }), Xml((result, response) => response.TopicArn = Text(result, "TopicArn"), new CreateTopicResponse(), "CreateTopicResult"), cancellationToken);

    public Task<SubscribeResponse> SubscribeAsync(SubscribeRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<SubscribeResponse>(request, Form<SubscribeRequest>("Subscribe", (r, form) =>
        {
            form.Add("TopicArn", r.TopicArn ?? throw new ArgumentException("Subscribe: TopicArn is required.", nameof(request)));
            form.Add("Protocol", r.Protocol ?? throw new ArgumentException("Subscribe: Protocol is required (email, https, lambda, sqs, …).", nameof(request)));
            form.Add("Endpoint", r.Endpoint);
            form.AddMap("Attributes", r.Attributes);
            form.Add("ReturnSubscriptionArn", r.ReturnSubscriptionArn is null ? null : r.ReturnSubscriptionArn.Value ? "true" : "false");
        }), Xml((result, response) => response.SubscriptionArn = Text(result, "SubscriptionArn"), new SubscribeResponse(), "SubscribeResult"), cancellationToken);

    public Task<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicAsync(ListSubscriptionsByTopicRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListSubscriptionsByTopicResponse>(request, Form<ListSubscriptionsByTopicRequest>("ListSubscriptionsByTopic", (r, form) =>
        {
            form.Add("TopicArn", r.TopicArn ?? throw new ArgumentException("ListSubscriptionsByTopic: TopicArn is required.", nameof(request)));
            form.Add("NextToken", r.NextToken);
        }), Xml((result, response) =>
        {
            response.NextToken = Text(result, "NextToken");
            foreach (var member in result.Elements().Where(e => e.Name.LocalName == "Subscriptions").Elements().Where(e => e.Name.LocalName == "member"))
            {
                response.Subscriptions.Add(new Subscription
                {
                    SubscriptionArn = Text(member, "SubscriptionArn"),
                    Owner = Text(member, "Owner"),
                    Protocol = Text(member, "Protocol"),
                    Endpoint = Text(member, "Endpoint"),
                    TopicArn = Text(member, "TopicArn"),
                });
            }
        }, new ListSubscriptionsByTopicResponse(), "ListSubscriptionsByTopicResult"), cancellationToken);

    /// <summary>Every page of ListSubscriptionsByTopic, following <c>NextToken</c>.</summary>
    public async IAsyncEnumerable<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicPagesAsync(
        string topicArn, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await ListSubscriptionsByTopicAsync(new ListSubscriptionsByTopicRequest { TopicArn = topicArn, NextToken = token }, cancellationToken);
            yield return page;
            token = page.NextToken;
            if (token is not null && !seen.Add(token))
            {
                throw new InvalidOperationException($"ListSubscriptionsByTopic returned the same NextToken twice ('{token}').");
            }
        }
        while (!string.IsNullOrEmpty(token));
    }

    private static DelegateMarshaller<T> Form<T>(string action, Action<T, QueryForm> fill)
        where T : AmazonWebServiceRequest =>
        new(r =>
        {
            var form = new QueryForm();
            form.Add("Action", action);
            form.Add("Version", AwsServiceDescription.Sns.ApiVersion);
            fill(r, form);
            var request = new DefaultRequest(r, "SNS") { HttpMethod = "POST", ResourcePath = "/", UseQueryString = false };
            request.Content = Encoding.UTF8.GetBytes(form.Encode());
            request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
            return request;
        });

    private static OperationUnmarshaller<TResponse> Xml<TResponse>(Action<XElement, TResponse> read, TResponse response, string resultElement)
        where TResponse : AmazonWebServiceResponse =>
        new((stream, _) =>
        {
            var document = XDocument.Load(stream);
            var result = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == resultElement);
            var requestId = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            if (requestId is not null)
            {
                response.ResponseMetadata = new ResponseMetadata { RequestId = requestId };
            }

            if (result is not null)
            {
                read(result, response);
            }

            return response;
        }, ReadError);

    private static string? Text(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>awsQuery errors: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>.</summary>
    internal static AmazonServiceException ReadError(Stream stream, IWebResponseData response, HttpStatusCode status, Exception? inner)
    {
        string? code = null, message = null, requestId = ResponseHeaders.RequestId(response), type = null;
        try
        {
            var bytes = ResponseHeaders.ReadBounded(stream);
            if (bytes.Length > 0)
            {
                using var memory = new MemoryStream(bytes);
                var document = XDocument.Load(memory);
                var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
                if (error is not null)
                {
                    code = Text(error, "Code");
                    message = Text(error, "Message");
                    type = Text(error, "Type");
                }

                requestId ??= document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            }
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            // Not XML (a proxy page) or a broken connection: the status still classifies the error for retries.
        }

        var errorType = type == "Receiver" || (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        return new SnsException(message ?? $"SNS returned HTTP {(int)status} ({code ?? "no error code"}).", inner, errorType, code, requestId, status);
    }
}

/// <summary>An awsQuery form body: ordered name/value pairs, RFC 3986 percent-encoded.</summary>
internal sealed class QueryForm
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            _pairs.Add(new(name, value));
        }
    }

    /// <summary>An un-located map: Name.entry.N.key / Name.entry.N.value.</summary>
    public void AddMap(string name, IDictionary<string, string> map)
    {
        var n = 0;
        foreach (var (key, value) in map)
        {
            n++;
            Add(string.Create(CultureInfo.InvariantCulture, $"{name}.entry.{n}.key"), key);
            Add(string.Create(CultureInfo.InvariantCulture, $"{name}.entry.{n}.value"), value);
        }
    }

    public string Encode() =>
        string.Join('&', _pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
