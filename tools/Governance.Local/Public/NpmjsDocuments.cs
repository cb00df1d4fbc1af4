using Governance.Local.Npm;
using Governance.Local.Upstream;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.PublicRegistries;

/// <summary>
/// <c>/public/npmjs/{name}</c> (scoped: <c>@scope%2fname</c> or <c>@scope/name</c>): the packument from the npmjs
/// stand-in directory, byte for byte, so its <c>dist.integrity</c>/<c>dist.shasum</c> and <c>time</c> are what
/// <see cref="NpmRegistryDirectory.AddVersion"/> wrote (or what a test planted); and <c>/public/npmjs/{name}/-/{file}.tgz</c>,
/// the tarball.
/// </summary>
internal sealed class NpmjsDocuments(string root)
{
    public const string Prefix = "/public/npmjs/";

    private readonly string _root = Path.GetFullPath(root);

    public async Task HandleAsync(HttpContext context)
    {
        var segments = PublicFileResponse.Segments(context, Prefix);
        var scoped = segments is { Length: > 0 } && segments[0].StartsWith('@');
        var nameLength = scoped ? 2 : 1;
        if (segments is null || segments.Length < nameLength || (scoped && segments[0].Length < 2))
        {
            await PublicFileResponse.NotFoundAsync(context).ConfigureAwait(false);
            return;
        }

        var package = scoped ? new NpmPackageName(segments[0][1..], segments[1]) : new NpmPackageName(null, segments[0]);
        var rest = segments[nameLength..];
        if (rest.Length == 0)
        {
            await ServeAsync(context, NpmRegistryDirectory.PackumentPath(_root, package), "application/json").ConfigureAwait(false);
            return;
        }

        var prefix = package.Name + "-";
        if (rest is ["-", var file] && file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(".tgz", StringComparison.Ordinal))
        {
            var version = file[prefix.Length..^".tgz".Length];
            await ServeAsync(context, NpmRegistryDirectory.TarballPath(_root, package, version), "application/octet-stream").ConfigureAwait(false);
            return;
        }

        await PublicFileResponse.NotFoundAsync(context).ConfigureAwait(false);
    }

    private static Task ServeAsync(HttpContext context, string path, string contentType) =>
        File.Exists(path) ? PublicFileResponse.FileAsync(context, path, contentType) : PublicFileResponse.NotFoundAsync(context);
}
