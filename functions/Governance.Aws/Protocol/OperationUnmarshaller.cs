using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace Governance.Aws.Protocol;

/// <summary>What an error response said, read by a protocol's error reader.</summary>
public sealed record ServiceErrorInfo(string? Code, string Message, string? RequestId, HttpStatusCode StatusCode, ErrorType Type);

/// <summary>
/// One operation's response reader: <paramref name="read"/> turns a successful response into the typed response;
/// <paramref name="readError"/> turns an error response into the service's typed exception (the SDK's retry policy
/// then looks at its status and error code). With <paramref name="streaming"/> the body is handed to the caller
/// unread: the SDK leaves the connection open and the caller disposes the stream.
/// </summary>
internal sealed class OperationUnmarshaller<TResponse>(
    Func<Stream, IWebResponseData, TResponse> read,
    Func<Stream, IWebResponseData, HttpStatusCode, Exception?, AmazonServiceException> readError,
    bool streaming = false) : ResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse
{
    public override bool HasStreamingProperty => streaming;

    public override AmazonWebServiceResponse Unmarshall(UnmarshallerContext input)
    {
        var context = (RawUnmarshallerContext)input;
        var requestId = ResponseHeaders.RequestId(context.ResponseData);
        try
        {
            var response = read(context.Stream, context.ResponseData);
            // awsQuery carries the request id in the body; restJson1 only in the header.
            response.ResponseMetadata ??= new ResponseMetadata();
            response.ResponseMetadata.RequestId ??= requestId;
            return response;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or System.Xml.XmlException or FormatException or InvalidDataException)
        {
            // A body we cannot read is the service's fault, reported with its request id rather than as a crash.
            throw new AmazonUnmarshallingException(requestId, "response body", e, context.ResponseData.StatusCode);
        }
    }

    public override AmazonServiceException UnmarshallException(UnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var context = (RawUnmarshallerContext)input;
        return readError(context.Stream, context.ResponseData, statusCode, innerException);
    }

    protected override UnmarshallerContext ConstructUnmarshallerContext(
        Stream responseStream, bool maintainResponseBody, IWebResponseData response, bool isException) =>
        new RawUnmarshallerContext(responseStream, response, isException);

    protected override UnmarshallerContext ConstructUnmarshallerContext(
        Stream responseStream, bool maintainResponseBody, IWebResponseData response, bool isException, IRequestContext requestContext) =>
        new RawUnmarshallerContext(responseStream, response, isException);
}

internal static class ResponseHeaders
{
    public static string? RequestId(IWebResponseData response) =>
        Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");

    public static string? Header(IWebResponseData response, string name) =>
        response.IsHeaderPresent(name) ? response.GetHeaderValue(name) : null;

    /// <summary>Reads at most <paramref name="limit"/> bytes of an error body: errors are small, a proxy page may not be.</summary>
    public static byte[] ReadBounded(Stream stream, int limit = 64 * 1024)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while (buffer.Length < limit && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
