using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Governance.Local.PublicRegistries;

/// <summary>
/// <c>/public/pypi/pypi/{name}/{version}/json</c>: PyPI's JSON API for one release, generated from the
/// <see cref="PypiDirectory"/> (digests computed from the files, upload time from their mtime), or the release
/// folder's <c>json</c> file as it is; and <c>/public/pypi/packages/{name}/{version}/{filename}</c>, the files the
/// answer's <c>urls[].url</c> point to.
/// </summary>
internal sealed class PypiJsonApi(string root)
{
    public const string Prefix = "/public/pypi/";

    private readonly PypiDirectory _directory = new(root);

    public async Task HandleAsync(HttpContext context)
    {
        var segments = PublicFileResponse.Segments(context, Prefix);
        switch (segments)
        {
            case ["pypi", var name, var version, "json"] when _directory.ReleaseFolder(name, version) is { } folder:
                var overridePath = Path.Combine(folder, PypiDirectory.JsonOverride);
                if (File.Exists(overridePath))
                {
                    await PublicFileResponse.FileAsync(context, overridePath, "application/json").ConfigureAwait(false);
                    return;
                }

                var json = await ReleaseJsonAsync(context, name, version, folder).ConfigureAwait(false);
                await PublicFileResponse.BytesAsync(context, json, "application/json", null).ConfigureAwait(false);
                return;
            case ["packages", var name, var version, var file] when _directory.ReleaseFolder(name, version) is { } folder
                && file != PypiDirectory.JsonOverride && File.Exists(Path.Combine(folder, file)):
                await PublicFileResponse.FileAsync(context, Path.Combine(folder, file), "application/octet-stream").ConfigureAwait(false);
                return;
            default:
                await PublicFileResponse.NotFoundAsync(context).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>The fields of PyPI's answer the review and pip-like tools read; BLAKE2b-256 is left out (not in .NET).</summary>
    private static async Task<byte[]> ReleaseJsonAsync(HttpContext context, string name, string version, string folder)
    {
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}{Prefix}packages/{Uri.EscapeDataString(PypiDirectory.Normalize(name))}/{Uri.EscapeDataString(version)}/";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("info");
            writer.WriteString("name", name);
            writer.WriteString("version", version);
            writer.WriteEndObject();
            writer.WriteStartArray("urls");
            foreach (var file in PypiDirectory.Files(folder))
            {
                var hashes = await PublicFileResponse.HashAsync(file.FullName, context.RequestAborted).ConfigureAwait(false);
                var uploaded = file.LastWriteTimeUtc;
                writer.WriteStartObject();
                writer.WriteString("filename", file.Name);
                writer.WriteString("packagetype", file.Name.EndsWith(".whl", StringComparison.Ordinal) ? "bdist_wheel" : "sdist");
                writer.WriteNumber("size", hashes.Size);
                writer.WriteStartObject("digests");
                writer.WriteString("md5", hashes.Md5);
                writer.WriteString("sha256", hashes.Sha256);
                writer.WriteEndObject();
                writer.WriteString("md5_digest", hashes.Md5);
                writer.WriteString("upload_time", uploaded.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                writer.WriteString("upload_time_iso_8601", uploaded.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                writer.WriteString("url", baseUrl + Uri.EscapeDataString(file.Name));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("vulnerabilities");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
