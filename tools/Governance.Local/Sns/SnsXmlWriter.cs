using System.Net;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.Sns;

/// <summary>Writes awsQuery responses and errors: <c>{Action}Response</c> with <c>{Action}Result</c> and <c>ResponseMetadata</c>.</summary>
internal static class SnsXmlWriter
{
    public const string Namespace = "http://sns.amazonaws.com/doc/2010-03-31/";

    public static async Task WriteResultAsync(HttpContext context, string action, string requestId, Action<XmlWriter>? writeResult, string? comment = null)
    {
        var xml = Build(writer =>
        {
            writer.WriteStartElement(action + "Response", Namespace);
            if (writeResult is not null)
            {
                writer.WriteStartElement(action + "Result");
                writeResult(writer);
                writer.WriteEndElement();
            }

            if (comment is not null)
            {
                writer.WriteComment(" " + comment + " ");
            }

            writer.WriteStartElement("ResponseMetadata");
            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
            writer.WriteEndElement();
        });
        await WriteAsync(context, HttpStatusCode.OK, requestId, xml);
    }

    public static async Task WriteErrorAsync(HttpContext context, SnsException error, string requestId)
    {
        var xml = Build(writer =>
        {
            writer.WriteStartElement("ErrorResponse", Namespace);
            writer.WriteStartElement("Error");
            writer.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            writer.WriteElementString("Code", error.Code);
            writer.WriteElementString("Message", error.Message);
            writer.WriteEndElement();
            writer.WriteElementString("RequestId", requestId);
            writer.WriteEndElement();
        });
        await WriteAsync(context, error.Status, requestId, xml);
    }

    public static void Member(XmlWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteElementString(name, value);
        }
    }

    public static void AttributeMap(XmlWriter writer, IEnumerable<KeyValuePair<string, string>> attributes)
    {
        writer.WriteStartElement("Attributes");
        foreach (var (key, value) in attributes)
        {
            writer.WriteStartElement("entry");
            writer.WriteElementString("key", key);
            writer.WriteElementString("value", value);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    public static void TopicList(XmlWriter writer, SnsPage<SnsTopic> page)
    {
        writer.WriteStartElement("Topics");
        foreach (var topic in page.Items)
        {
            writer.WriteStartElement("member");
            writer.WriteElementString("TopicArn", topic.Arn);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        Member(writer, "NextToken", page.NextToken);
    }

    public static void SubscriptionList(XmlWriter writer, SnsPage<SnsSubscription> page)
    {
        writer.WriteStartElement("Subscriptions");
        foreach (var subscription in page.Items)
        {
            writer.WriteStartElement("member");
            writer.WriteElementString("SubscriptionArn", subscription.Arn);
            writer.WriteElementString("Owner", subscription.Owner);
            writer.WriteElementString("Protocol", subscription.Protocol);
            writer.WriteElementString("Endpoint", subscription.Endpoint);
            writer.WriteElementString("TopicArn", subscription.TopicArn);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        Member(writer, "NextToken", page.NextToken);
    }

    private static byte[] Build(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string requestId, byte[] body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
