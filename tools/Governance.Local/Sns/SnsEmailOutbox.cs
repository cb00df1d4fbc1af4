using System.Globalization;
using System.Text;

namespace Governance.Local.Sns;

/// <summary>
/// Delivers <c>email</c> subscriptions as RFC 5322 messages written to an outbox folder, one <c>.eml</c> file per
/// delivery: what SNS would have mailed, including the unsubscribe footer it appends. Files are written under a
/// temporary name and renamed, so a reader never sees half a message.
/// </summary>
public sealed class SnsEmailOutbox
{
    public const string FromAddress = "no-reply@sns.amazonaws.com";
    private const string DefaultSubject = "AWS Notification Message";
    private const string DefaultDisplayName = "AWS Notifications";
    private readonly string _directory;
    private int _sequence;

    public SnsEmailOutbox(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        Directory.CreateDirectory(directory);
        _sequence = Directory.EnumerateFiles(directory, "*.eml").Count();
    }

    public string DirectoryPath => _directory;

    /// <summary>Writes the message for one email subscription and returns the file path.</summary>
    public async Task<string> WriteAsync(
        SnsPublishedMessage message, SnsSubscription subscription, string? topicDisplayName, Uri publicBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        var text = message.MessageFor(SnsProtocols.Email);
        var region = message.TopicArn.Split(':') is { Length: > 3 } parts ? parts[3] : "us-east-1";
        var footer =
            "\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\n"
            + SnsNotifications.UnsubscribeUrl(publicBaseUrl, subscription.Arn)
            + "\n\nPlease do not reply directly to this email. If you have any questions or comments regarding this email, please contact us at https://aws.amazon.com/support\n"
            + "(Local stack: subscriptions are confirmed automatically; this message was written to a file, not mailed. Region "
            + region + ".)\n";
        var body = text + footer;

        var displayName = string.IsNullOrWhiteSpace(topicDisplayName) ? DefaultDisplayName : topicDisplayName;
        var headers = new StringBuilder();
        headers.Append("From: ").Append(EncodeDisplayName(displayName)).Append(" <").Append(FromAddress).Append(">\r\n");
        headers.Append("To: ").Append(StripLineBreaks(subscription.Endpoint)).Append("\r\n");
        headers.Append("Subject: ").Append(EncodeHeaderText(message.Subject ?? DefaultSubject)).Append("\r\n");
        headers.Append("Date: ").Append(message.Timestamp.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        headers.Append("Message-ID: <").Append(message.MessageId).Append('.').Append(SubscriptionId(subscription.Arn)).Append("@sns.local>\r\n");
        headers.Append("MIME-Version: 1.0\r\n");
        headers.Append("Content-Type: text/plain; charset=UTF-8\r\n");
        headers.Append("Content-Transfer-Encoding: quoted-printable\r\n");
        headers.Append("x-amz-sns-message-id: ").Append(message.MessageId).Append("\r\n");
        headers.Append("x-amz-sns-subscription-arn: ").Append(subscription.Arn).Append("\r\n");
        headers.Append("\r\n");

        var number = Interlocked.Increment(ref _sequence);
        var name = string.Create(CultureInfo.InvariantCulture, $"{number:D6}-{message.MessageId}.eml");
        var path = Path.Combine(_directory, name);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, headers + QuotedPrintable.Encode(body), new UTF8Encoding(false), cancellationToken);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string SubscriptionId(string arn) => arn[(arn.LastIndexOf(':') + 1)..];

    private static string StripLineBreaks(string value) => value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);

    private static string EncodeDisplayName(string name)
    {
        var clean = StripLineBreaks(name);
        return IsPlainAscii(clean) ? "\"" + clean.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : EncodeWord(clean);
    }

    /// <summary>Header text: ASCII as is, anything else as an RFC 2047 encoded word (UTF-8, base64).</summary>
    private static string EncodeHeaderText(string text)
    {
        var clean = StripLineBreaks(text);
        return IsPlainAscii(clean) ? clean : EncodeWord(clean);
    }

    private static string EncodeWord(string text) => "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static bool IsPlainAscii(string text) => text.All(c => c is >= ' ' and <= '~');
}

/// <summary>RFC 2045 quoted-printable, so any body (long JSON lines, non-ASCII) stays within RFC 5322 line limits.</summary>
internal static class QuotedPrintable
{
    private const int MaxLine = 76;

    public static string Encode(string text)
    {
        var output = new StringBuilder();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            EncodeLine(lines[i], output);
            if (i < lines.Length - 1)
            {
                output.Append("\r\n");
            }
        }

        return output.ToString();
    }

    private static void EncodeLine(string line, StringBuilder output)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var column = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var last = i == bytes.Length - 1;
            var literal = (b is >= 33 and <= 126 && b != (byte)'=') || (b is (byte)' ' or (byte)'\t' && !last);
            var token = literal ? ((char)b).ToString() : "=" + b.ToString("X2", CultureInfo.InvariantCulture);
            if (column + token.Length > MaxLine - 1)
            {
                output.Append("=\r\n");
                column = 0;
            }

            output.Append(token);
            column += token.Length;
        }
    }
}
