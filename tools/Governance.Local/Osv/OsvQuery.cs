using System.Text.Json;

namespace Governance.Local.Osv;

/// <summary>
/// One query of <c>POST /v1/query</c> or an element of <c>/v1/querybatch</c>'s <c>queries</c>:
/// <c>{"package":{"ecosystem":"npm","name":"colors"},"version":"1.4.1"}</c>, or the package as a purl
/// (<c>{"package":{"purl":"pkg:npm/colors@1.4.1"}}</c>). A malformed query is a <see cref="FormatException"/> whose
/// message the endpoint returns with HTTP 400, as osv.dev does. Commit queries are not supported locally.
/// </summary>
internal sealed record OsvQuery(string Ecosystem, string Name, string? Version)
{
    private const int MaxFieldLength = 1024;

    public static OsvQuery Read(JsonElement query)
    {
        if (query.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Invalid query: a query is a JSON object.");
        }

        if (Text(query, "commit") is not null)
        {
            throw new FormatException("Invalid query: commit queries are not supported by the local OSV endpoint.");
        }

        var version = Text(query, "version");
        if (!query.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Invalid query: \"package\" (an object with ecosystem and name, or purl) is required.");
        }

        if (Text(package, "purl") is { } purl)
        {
            var parsed = OsvPurl.Parse(purl);
            if (parsed.Version is not null && version is not null)
            {
                throw new FormatException("Invalid query: give the version either in \"version\" or in the purl, not both.");
            }

            return parsed with { Version = parsed.Version ?? version };
        }

        var ecosystem = Text(package, "ecosystem");
        var name = Text(package, "name");
        if (string.IsNullOrEmpty(ecosystem) || string.IsNullOrEmpty(name))
        {
            throw new FormatException("Invalid query: \"package\" needs both \"ecosystem\" and \"name\".");
        }

        return new OsvQuery(ecosystem, name, string.IsNullOrEmpty(version) ? null : version);
    }

    private static string? Text(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"Invalid query: \"{name}\" must be a string.");
        }

        var text = value.GetString()!;
        return text.Length <= MaxFieldLength ? text : throw new FormatException($"Invalid query: \"{name}\" is longer than {MaxFieldLength} characters.");
    }
}
