using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Governance.Aws.Protocol;

namespace Governance.Aws.CodeArtifact;

/// <summary>A marshaller built from a function: one per operation, in <see cref="CodeArtifactClient"/>.</summary>
internal sealed class DelegateMarshaller<TRequest>(Func<TRequest, IRequest> marshal) : IMarshaller<IRequest, AmazonWebServiceRequest>
    where TRequest : AmazonWebServiceRequest
{
    public IRequest Marshall(AmazonWebServiceRequest input) => marshal((TRequest)input);
}

/// <summary>The restJson1 wire rules (Smithy aws.protocols#restJson1) for the members CodeArtifact uses.</summary>
internal static class RestJson
{
    public const string ServiceName = "codeartifact";

    /// <summary>Starts a request: method, URI, and query members (null values are left out, as the SDKs do).</summary>
    public static DefaultRequest Start(AmazonWebServiceRequest original, string method, string path)
    {
        return new DefaultRequest(original, ServiceName)
        {
            HttpMethod = method,
            ResourcePath = path,
            UseQueryString = true,
        };
    }

    public static void Query(IRequest request, string wireName, string? value)
    {
        if (value is not null)
        {
            request.Parameters[wireName] = value;
        }
    }

    public static void Query(IRequest request, string wireName, long? value) =>
        Query(request, wireName, value?.ToString(CultureInfo.InvariantCulture));

    public static void Query(IRequest request, string wireName, bool? value) =>
        Query(request, wireName, value is null ? null : value.Value ? "true" : "false");

    /// <summary>A required member: a clear error naming it instead of a 400 from the service.</summary>
    public static string Required(string? value, string member, string operation) =>
        string.IsNullOrEmpty(value)
            ? throw new ArgumentException($"{operation}: {member} is required; set {operation}Request.{member}.", member)
            : value;

    public static void JsonBody<T>(IRequest request, T body, JsonTypeInfo<T> typeInfo)
    {
        request.Content = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        request.Headers["Content-Type"] = "application/json";
    }

    /// <summary>Bodyless POSTs send Content-Length: 0 and no body, as botocore does.</summary>
    public static void EmptyBody(IRequest request) => request.Content = [];

    public static OperationUnmarshaller<TResponse> Json<TResponse, TBody>(JsonTypeInfo<TBody> typeInfo, Func<TBody, TResponse> map)
        where TResponse : AmazonWebServiceResponse
        where TBody : class, new() =>
        new((stream, _) =>
        {
            var body = IsEmpty(stream) ? new TBody() : JsonSerializer.Deserialize(stream, typeInfo) ?? new TBody();
            return map(body);
        }, ReadError);

    private static bool IsEmpty(Stream stream) => stream.CanSeek && stream.Length == 0;

    /// <summary>
    /// restJson1 errors: the code comes from <c>X-Amzn-Errortype</c>, else the body's <c>__type</c>, else <c>code</c>;
    /// it is cut at the first ':' and after the first '#' (namespace and URI suffixes are dropped).
    /// </summary>
    public static AmazonServiceException ReadError(Stream stream, IWebResponseData response, HttpStatusCode status, Exception? inner)
    {
        byte[] bytes;
        try
        {
            bytes = ResponseHeaders.ReadBounded(stream);
        }
        catch (IOException)
        {
            bytes = [];
        }

        string? code = ResponseHeaders.Header(response, "X-Amzn-Errortype");
        string? message = null, resourceId = null, resourceType = null, reason = null;
        try
        {
            if (bytes.Length > 0)
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    var root = document.RootElement;
                    code ??= Text(root, "__type") ?? Text(root, "code");
                    message = Text(root, "message") ?? Text(root, "Message");
                    resourceId = Text(root, "resourceId");
                    resourceType = Text(root, "resourceType");
                    reason = Text(root, "reason");
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy page, a truncated body): the status and header still classify the error.
        }

        code = SanitizeCode(code);
        int? retryAfter = int.TryParse(ResponseHeaders.Header(response, "Retry-After"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
        message ??= $"CodeArtifact returned HTTP {(int)status} ({code ?? "no error code"}).";
        return CodeArtifactException.Create(code, message, inner, ResponseHeaders.RequestId(response), status, resourceId, resourceType, reason, retryAfter);
    }

    internal static string? SanitizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Trim();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
