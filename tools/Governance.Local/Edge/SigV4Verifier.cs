using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Governance.Local.Edge;

/// <summary>The parts of a request SigV4 covers, independent of the HTTP stack so the verifier is unit-testable.</summary>
public sealed record SignedRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyDictionary<string, string> Headers);

/// <summary>The outcome of checking a request's SigV4 signature.</summary>
public sealed record SigV4Result(AwsError? Error, string? Service, string? Region, string? AccessKeyId, string? PayloadHash)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// Verifies AWS Signature Version 4 (header form) the way AWS does, returning AWS's own error code and message
/// for each failure. The payload hash is taken from <c>x-amz-content-sha256</c> when present (hex or
/// <c>UNSIGNED-PAYLOAD</c>) — the caller checks the body against it while streaming — or supplied by the caller
/// from the buffered body otherwise. With a <c>region</c>, a credential scope naming any other region is refused as AWS
/// refuses it (InvalidSignatureException, "Credential should be scoped to a valid region, not '…'. ").
/// </summary>
public sealed class SigV4Verifier(LocalCredentials credentials, TimeSpan allowedSkew, string? region = null)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Reads the service and date out of the credential scope without checking anything (for routing).</summary>
    public static string? ScopeService(string? authorization)
    {
        var parsed = Parse(authorization, out _);
        return parsed?.Service;
    }

    public SigV4Result Verify(SignedRequest request, DateTimeOffset now, Func<string> bodyHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(bodyHash);
        request.Headers.TryGetValue("authorization", out var authorization);
        if (string.IsNullOrEmpty(authorization))
        {
            return Fail(AwsError.MissingToken());
        }

        var parsed = Parse(authorization, out var parseError);
        if (parsed is null)
        {
            return Fail(AwsError.Incomplete(parseError!));
        }

        if (!request.Headers.TryGetValue("x-amz-date", out var amzDate) || !TryParseAmzDate(amzDate, out var signedAt))
        {
            return Fail(AwsError.Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + authorization));
        }

        if (parsed.AccessKeyId != credentials.AccessKeyId)
        {
            return Fail(AwsError.UnknownKey());
        }

        if (!parsed.SignedHeaders.Contains("host"))
        {
            return Fail(AwsError.Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
        }

        if (signedAt < now - allowedSkew)
        {
            return Fail(AwsError.Expired(
                $"Signature expired: {amzDate} is now earlier than {FormatAmzDate(now - allowedSkew)} ({FormatAmzDate(now)} - {allowedSkew.TotalMinutes:0} min.)"));
        }

        if (signedAt > now + allowedSkew)
        {
            return Fail(AwsError.Expired(
                $"Signature not yet current: {amzDate} is still later than {FormatAmzDate(now + allowedSkew)} ({FormatAmzDate(now)} + {allowedSkew.TotalMinutes:0} min.)"));
        }

        if (parsed.Date != amzDate[..8])
        {
            return Fail(AwsError.BadSignature());
        }

        if (region is not null && parsed.Region != region)
        {
            return Fail(AwsError.WrongRegion(parsed.Region));
        }

        request.Headers.TryGetValue("x-amz-content-sha256", out var declaredHash);
        var payloadHash = string.IsNullOrEmpty(declaredHash) ? bodyHash() : declaredHash;
        var canonical = CanonicalRequest(request, parsed.SignedHeaders, payloadHash);
        var scope = $"{parsed.Date}/{parsed.Region}/{parsed.Service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var expected = Hex(Hmac(SigningKey(credentials.SecretAccessKey, parsed.Date, parsed.Region, parsed.Service), stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature)))
        {
            return Fail(AwsError.BadSignature());
        }

        return new SigV4Result(null, parsed.Service, parsed.Region, parsed.AccessKeyId, payloadHash);
    }

    /// <summary>Signs a request (for the tests' raw clients and the stack's own calls): returns the Authorization value.</summary>
    public static string Sign(SignedRequest request, LocalCredentials credentials, string region, string service, string amzDate, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(amzDate);
        var signedHeaders = request.Headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        var canonical = CanonicalRequest(request, signedHeaders, payloadHash);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(Hmac(SigningKey(credentials.SecretAccessKey, date, region, service), stringToSign));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";
    }

    public static string FormatAmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string CanonicalRequest(SignedRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var headers = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            request.Headers.TryGetValue(name, out var value);
            headers.Append(name).Append(':').Append(CollapseSpaces(value ?? string.Empty)).Append('\n');
        }

        return string.Join('\n', request.Method, CanonicalPath(request.RawPath), CanonicalQuery(request.RawQuery), headers.ToString(), string.Join(';', signedHeaders), payloadHash);
    }

    /// <summary>Non-S3 services sign the already-encoded path encoded once more (botocore: quote(path, safe='/~')).</summary>
    private static string CanonicalPath(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : Encode(rawPath, keepSlash: true);

    private static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var index = pair.IndexOf('=', StringComparison.Ordinal);
                var key = index < 0 ? pair : pair[..index];
                var value = index < 0 ? string.Empty : pair[(index + 1)..];
                return (Key: Encode(Uri.UnescapeDataString(key), false), Value: Encode(Uri.UnescapeDataString(value), false));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    private static string Encode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        var lastWasSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!lastWasSpace)
                {
                    builder.Append(c);
                }

                lastWasSpace = true;
            }
            else
            {
                builder.Append(c);
                lastWasSpace = false;
            }
        }

        return builder.ToString();
    }

    private static bool TryParseAmzDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var kDate = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        var kRegion = Hmac(kDate, region);
        var kService = Hmac(kRegion, service);
        return Hmac(kService, "aws4_request");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static SigV4Result Fail(AwsError error) => new(error, null, null, null, null);

    private static readonly string[] RequiredFields = ["Credential", "Signature", "SignedHeaders"];

    private sealed record ParsedAuthorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

    private static ParsedAuthorization? Parse(string? authorization, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(authorization))
        {
            error = "Missing Authentication Token";
            return null;
        }

        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            error = $"Unsupported signing algorithm in Authorization header; only {Algorithm} is accepted. Authorization={authorization}";
            return null;
        }

        var fields = authorization[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        var missing = RequiredFields.Where(k => !fields.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            error = string.Concat(missing.Select(k => $"Authorization header requires '{k}' parameter. ")) + "Authorization=" + authorization;
            return null;
        }

        var scope = fields["Credential"].Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[1].Length != 8)
        {
            error = $"Credential should be scoped to a valid region, not '{(scope.Length > 2 ? scope[2] : string.Empty)}'. ";
            if (scope.Length != 5 || scope[4] != "aws4_request")
            {
                error = $"Credential should be scoped with a valid terminator: 'aws4_request', not '{scope[^1]}'. ";
            }

            return null;
        }

        var signedHeaders = fields["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries);
        return new ParsedAuthorization(scope[0], scope[1], scope[2], scope[3], signedHeaders, fields["Signature"]);
    }
}
