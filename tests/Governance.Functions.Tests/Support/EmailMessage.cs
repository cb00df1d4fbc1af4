using System.Text;

namespace Governance.Functions.Tests.Support;

/// <summary>An .eml file from the SNS email outbox: headers, and the body decoded from quoted-printable.</summary>
public sealed record EmailMessage(string Path, string Subject, string Body, string Raw)
{
    public static EmailMessage Read(string path)
    {
        var raw = File.ReadAllText(path);
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        var subject = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Subject: ", StringComparison.Ordinal))?["Subject: ".Length..] ?? "";
        var quotedPrintable = headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase);
        return new EmailMessage(path, subject, quotedPrintable ? DecodeQuotedPrintable(body) : body, raw);
    }

    public bool Mentions(string needle) => Body.Contains(needle, StringComparison.Ordinal) || Subject.Contains(needle, StringComparison.Ordinal);

    /// <summary>RFC 2045 quoted-printable: soft line breaks (<c>=</c> at a line end) and <c>=XX</c> octets, as UTF-8.</summary>
    public static string DecodeQuotedPrintable(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 2 < text.Length + 1 && i + 1 < text.Length && text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')
            {
                i += 2;
            }
            else if (c == '=' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 1;
            }
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
