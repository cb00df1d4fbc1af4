using System.Globalization;

namespace Governance.Evidence.Osv;

/// <summary>Where the OSV-compatible API is and how patiently it is asked.</summary>
/// <param name="BaseUri">The API root; <c>/v1/querybatch</c> and <c>/v1/vulns/{id}</c> are resolved under it
/// (the local stack serves it at <c>http://127.0.0.1:4566/osv/</c>).</param>
public sealed record OsvOptions(Uri BaseUri, EvidenceHttpOptions Http)
{
    public const string UrlVariable = "GOVERNANCE_OSV_URL";
    public const string TimeoutVariable = "GOVERNANCE_OSV_TIMEOUT_SECONDS";
    public const string AttemptsVariable = "GOVERNANCE_OSV_ATTEMPTS";

    public static Uri DefaultBaseUri { get; } = new("https://api.osv.dev/");

    /// <summary>Advisory details fetched per version; a version with more ids is reported on the first ones, saying so.</summary>
    public int MaxAdvisories { get; init; } = 64;

    /// <summary>querybatch pages followed (<c>next_page_token</c>) before the answer counts as unreadable.</summary>
    public int MaxPages { get; init; } = 8;

    /// <summary>Detail requests in flight at once: quick for a handful of ids, gentle on the API.</summary>
    public int DetailParallelism { get; init; } = 4;

    /// <summary>
    /// Reads <c>GOVERNANCE_OSV_URL</c> (unset or empty → osv.dev; <c>off</c> → no intel source),
    /// <c>GOVERNANCE_OSV_TIMEOUT_SECONDS</c> (per attempt, 1–120) and <c>GOVERNANCE_OSV_ATTEMPTS</c> (1–10).
    /// A bad value is an error naming the variable and the accepted form, not an exception.
    /// </summary>
    public static OsvConfiguration FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var url = variable(UrlVariable)?.Trim();
        if (string.Equals(url, "off", StringComparison.OrdinalIgnoreCase))
        {
            return OsvConfiguration.Disabled;
        }

        var baseUri = DefaultBaseUri;
        if (!string.IsNullOrEmpty(url))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment) || !string.IsNullOrEmpty(parsed.UserInfo))
            {
                return OsvConfiguration.Invalid($"{UrlVariable} must be an http(s) URL without query or credentials (e.g. https://api.osv.dev), or 'off'; got '{url}'");
            }

            baseUri = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        }

        var http = EvidenceHttpOptions.Default;
        if (Number(variable(TimeoutVariable), 1, 120) is not { } timeout)
        {
            return OsvConfiguration.Invalid($"{TimeoutVariable} must be a whole number of seconds from 1 to 120; got '{variable(TimeoutVariable)}'");
        }

        if (Number(variable(AttemptsVariable), 1, 10) is not { } attempts)
        {
            return OsvConfiguration.Invalid($"{AttemptsVariable} must be a whole number from 1 to 10; got '{variable(AttemptsVariable)}'");
        }

        http = http with
        {
            Timeout = timeout == 0 ? http.Timeout : TimeSpan.FromSeconds(timeout),
            Attempts = attempts == 0 ? http.Attempts : attempts,
        };
        return new OsvConfiguration(new OsvOptions(baseUri, http), null);
    }

    /// <summary>0 when unset (keep the default), the value when within bounds, null when malformed.</summary>
    private static int? Number(string? text, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }
}

/// <summary>The outcome of reading the OSV settings: options, intel switched off, or an error to show.</summary>
public sealed record OsvConfiguration(OsvOptions? Options, string? Error)
{
    public static OsvConfiguration Disabled { get; } = new(null, null);

    /// <summary><c>GOVERNANCE_OSV_URL=off</c>: no intel source; the review says "intel disabled".</summary>
    public bool IsDisabled => Options is null && Error is null;

    public static OsvConfiguration Invalid(string error) => new(null, error);
}
