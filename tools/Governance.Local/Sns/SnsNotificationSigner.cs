using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Governance.Local.Sns;

/// <summary>
/// Signs notifications the way SNS does (SignatureVersion 1: SHA1withRSA over the canonical "Name\nValue\n" string),
/// with a key generated for this local endpoint. The matching self-signed certificate is served at
/// <see cref="CertificatePath"/> so a subscriber that verifies signatures can be pointed at it.
/// </summary>
public sealed class SnsNotificationSigner : IDisposable
{
    public const string CertificatePath = "/SimpleNotificationService-local.pem";

    private readonly RSA _key = RSA.Create(2048);

    public SnsNotificationSigner()
    {
        var request = new CertificateRequest("CN=sns.local.amazonaws.com", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        CertificatePem = certificate.ExportCertificatePem();
    }

    public string CertificatePem { get; }

    public string Sign(SnsPublishedMessage message, string deliveredText)
    {
        ArgumentNullException.ThrowIfNull(message);
        var canonical = new StringBuilder();
        Append(canonical, "Message", deliveredText);
        Append(canonical, "MessageId", message.MessageId);
        if (message.Subject is not null)
        {
            Append(canonical, "Subject", message.Subject);
        }

        Append(canonical, "Timestamp", SnsNotifications.FormatTimestamp(message.Timestamp));
        Append(canonical, "TopicArn", message.TopicArn);
        Append(canonical, "Type", "Notification");
#pragma warning disable CA5350 // SignatureVersion 1 is SHA1withRSA by definition; subscribers verify exactly that.
        var signature = _key.SignData(Encoding.UTF8.GetBytes(canonical.ToString()), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
#pragma warning restore CA5350
        return Convert.ToBase64String(signature);
    }

    public void Dispose() => _key.Dispose();

    private static void Append(StringBuilder builder, string name, string value) =>
        builder.Append(name).Append('\n').Append(value).Append('\n');
}
