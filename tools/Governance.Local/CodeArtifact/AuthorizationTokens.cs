using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Governance.Core.Ports;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// Issues and checks the bearer tokens package managers present (GetAuthorizationToken). A token is
/// self-describing and MAC'd with a key derived from the local secret, so it survives a restart and cannot be
/// forged or moved to another domain.
/// </summary>
public sealed class AuthorizationTokens(string secret, IClock clock)
{
    public const long DefaultDurationSeconds = 43200;
    private readonly byte[] _key = SHA256.HashData(Encoding.UTF8.GetBytes("codeartifact-token:" + secret));

    public (string Token, DateTimeOffset Expiration) Issue(string domain, string owner, long? durationSeconds)
    {
        var duration = durationSeconds ?? 0;
        if (duration != 0 && duration is < 900 or > 43200)
        {
            throw CodeArtifactException.Validation(
                $"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: durationSeconds must be 0 or between 900 and 43200");
        }

        var expiration = clock.UtcNow.AddSeconds(duration == 0 ? DefaultDurationSeconds : duration);
        var body = $"{domain}|{owner}|{expiration.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        var payload = Base64Url(Encoding.UTF8.GetBytes(body));
        return ($"{payload}.{Mac(body)}", DateTimeOffset.FromUnixTimeSeconds(expiration.ToUnixTimeSeconds()));
    }

    /// <summary>True when the token was issued here for this domain and owner and has not expired.</summary>
    public bool IsValid(string? token, string domain, string owner)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        string body;
        try
        {
            body = Encoding.UTF8.GetString(FromBase64Url(token[..dot]));
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(body)), Encoding.ASCII.GetBytes(token[(dot + 1)..])))
        {
            return false;
        }

        var parts = body.Split('|');
        return parts.Length == 3
               && parts[0] == domain
               && parts[1] == owner
               && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
               && clock.UtcNow.ToUnixTimeSeconds() < expires;
    }

    private string Mac(string body) => Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(body)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }
}
