namespace Governance.Evidence.Registries;

/// <summary>
/// Which public registries are asked for their own digests, and how patiently. A null base URL switches that
/// registry off (its versions are answered <c>NotQueried</c>).
/// </summary>
/// <param name="MavenCentral">Maven repository root, e.g. <c>https://repo1.maven.org/maven2/</c>.</param>
/// <param name="Npm">npm registry root, e.g. <c>https://registry.npmjs.org/</c>.</param>
/// <param name="Pypi">PyPI root (the JSON API is <c>/pypi/{name}/{version}/json</c> under it), e.g. <c>https://pypi.org/</c>.</param>
public sealed record PublicRegistryOptions(Uri? MavenCentral, Uri? Npm, Uri? Pypi)
{
    public const string MavenCentralVariable = "GOVERNANCE_MAVEN_CENTRAL_URL";
    public const string NpmVariable = "GOVERNANCE_NPM_REGISTRY_URL";
    public const string PypiVariable = "GOVERNANCE_PYPI_URL";

    public static Uri DefaultMavenCentral { get; } = new("https://repo1.maven.org/maven2/");
    public static Uri DefaultNpm { get; } = new("https://registry.npmjs.org/");
    public static Uri DefaultPypi { get; } = new("https://pypi.org/");

    /// <summary>Checksum files and PyPI's JSON are small: the shared defaults (5 s, 3 attempts, 8 MiB) fit.</summary>
    public EvidenceHttpOptions Http { get; init; } = EvidenceHttpOptions.Default;

    /// <summary>
    /// npm packuments hold every version of a package: tens of MiB for popular ones. Up to 64 MiB is read (the size
    /// the local stand-in also refuses beyond), with more time per attempt for the transfer.
    /// </summary>
    public EvidenceHttpOptions NpmHttp { get; init; } = EvidenceHttpOptions.Default with
    {
        Timeout = TimeSpan.FromSeconds(20),
        MaxResponseBytes = 64 * 1024 * 1024,
    };

    /// <summary>Maven assets of one version asked about; a version with more is answered for the first ones, saying so.</summary>
    public int MaxMavenAssets { get; init; } = 32;

    /// <summary>Maven checksum requests in flight at once for one version.</summary>
    public int MavenParallelism { get; init; } = 4;

    /// <summary>
    /// Reads the three URL variables: unset or empty → the public registry; <c>off</c> → that registry is not asked;
    /// anything else must be an http(s) URL without query, fragment or credentials. A bad value is an error naming
    /// the variable, not an exception.
    /// </summary>
    public static PublicRegistryConfiguration FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var errors = new List<string>();
        var maven = Read(variable, MavenCentralVariable, DefaultMavenCentral, errors);
        var npm = Read(variable, NpmVariable, DefaultNpm, errors);
        var pypi = Read(variable, PypiVariable, DefaultPypi, errors);
        return errors.Count > 0
            ? new PublicRegistryConfiguration(null, string.Join("; ", errors))
            : new PublicRegistryConfiguration(new PublicRegistryOptions(maven, npm, pypi), null);
    }

    private static Uri? Read(Func<string, string?> variable, string name, Uri fallback, List<string> errors)
    {
        var text = variable(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment) || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            errors.Add($"{name} must be an http(s) URL without query or credentials (e.g. {fallback.AbsoluteUri.TrimEnd('/')}), or 'off'; got '{text}'");
            return null;
        }

        // Relative paths are resolved under the root, which needs its trailing slash.
        return parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
    }
}

/// <summary>The outcome of reading the registry settings: options (some registries possibly off), or an error to show.</summary>
public sealed record PublicRegistryConfiguration(PublicRegistryOptions? Options, string? Error);
