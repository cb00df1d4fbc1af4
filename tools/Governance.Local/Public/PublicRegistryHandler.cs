using Governance.Local.Upstream;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.PublicRegistries;

/// <summary>
/// The public registries as the review's evidence adapters see them, over HTTP on the edge endpoint:
/// <c>/public/maven-central/</c>, <c>/public/npmjs/</c> and <c>/public/pypi/</c>, each read from the stand-in directory
/// in <see cref="ExternalRegistrySettings"/>. Read-only (GET and HEAD), unauthenticated like the real ones; a
/// registry without a directory answers 404 for everything. See README.md beside this file.
/// </summary>
public sealed class PublicRegistryHandler
{
    public const string PathPrefix = "/public/";

    private readonly MavenCentralFiles? _maven;
    private readonly NpmjsDocuments? _npm;
    private readonly PypiJsonApi? _pypi;

    public PublicRegistryHandler(ExternalRegistrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _maven = settings.MavenCentral is { } maven ? new MavenCentralFiles(maven) : null;
        _npm = settings.Npmjs is { } npm ? new NpmjsDocuments(npm) : null;
        _pypi = settings.Pypi is { } pypi ? new PypiJsonApi(pypi) : null;
    }

    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!PublicFileResponse.IsReadMethod(context))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            return PublicFileResponse.TextAsync(context, System.Net.HttpStatusCode.MethodNotAllowed, "the public registries are read-only here");
        }

        var path = context.Request.Path.Value ?? "";
        return path switch
        {
            _ when _maven is not null && path.StartsWith(MavenCentralFiles.Prefix, StringComparison.Ordinal) => _maven.HandleAsync(context),
            _ when _npm is not null && path.StartsWith(NpmjsDocuments.Prefix, StringComparison.Ordinal) => _npm.HandleAsync(context),
            _ when _pypi is not null && path.StartsWith(PypiJsonApi.Prefix, StringComparison.Ordinal) => _pypi.HandleAsync(context),
            _ => PublicFileResponse.NotFoundAsync(context),
        };
    }
}
