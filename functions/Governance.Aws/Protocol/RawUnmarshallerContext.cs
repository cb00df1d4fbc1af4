using Amazon.Runtime.Internal.Transform;

namespace Governance.Aws.Protocol;

/// <summary>
/// An unmarshaller context that only hands over the response stream and headers: our unmarshallers read the body
/// themselves (System.Text.Json source-generated for JSON, XmlReader for XML) instead of the SDK's token readers.
/// </summary>
internal sealed class RawUnmarshallerContext : UnmarshallerContext
{
    public RawUnmarshallerContext(Stream stream, IWebResponseData responseData, bool isException)
    {
        Stream = stream;
        WebResponseData = responseData;
        IsException = isException;
    }

    public Stream Stream { get; }

    public override string CurrentPath => string.Empty;

    public override int CurrentDepth => 0;

    public override bool IsStartElement => false;

    public override bool IsEndElement => false;

    public override bool IsStartOfDocument => true;
}
