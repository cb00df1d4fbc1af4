using System.Net;
using Governance.Core.Ports;
using Governance.Core.Workflow;
using Governance.Evidence.Osv;
using Governance.Evidence.Registries;

namespace Governance.Functions;

/// <summary>
/// Builds the public sources of evidence from the environment the template sets (GOVERNANCE_OSV_URL,
/// GOVERNANCE_MAVEN_CENTRAL_URL, GOVERNANCE_NPM_REGISTRY_URL, GOVERNANCE_PYPI_URL). A bad value fails the init with
/// the variable's name, like every other setting: a review that silently skipped intel would look like a clean one.
/// </summary>
internal static class EvidenceFactory
{
    public static EvidenceSources FromEnvironment(Func<string, string?> environment)
    {
        var osv = OsvOptions.FromEnvironment(environment);
        if (osv.Error is { } osvError)
        {
            throw new FunctionConfigurationException(osvError);
        }

        var registries = PublicRegistryOptions.FromEnvironment(environment);
        if (registries.Error is { } registryError)
        {
            throw new FunctionConfigurationException(registryError);
        }

        // One client for every source, for the sandbox's life: connections are reused across reviews, and
        // re-resolved every few minutes so a source's DNS change is followed. Packuments come gzip-compressed.
        var http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            // Each request has its own deadline (EvidenceHttpOptions); this only backs it up.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("codeartifact-governance/0.1");

        IIntelSource intel = osv.IsDisabled ? DisabledIntelSource.Instance : new OsvIntelSource(http, osv.Options!);
        IPublicRegistry registry = new PublicRegistries(http, registries.Options!);
        return new EvidenceSources(intel, registry);
    }
}
