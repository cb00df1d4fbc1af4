using System.Text.Json;
using System.Xml;

namespace Governance.Core.Licenses.Discovery;

/// <summary>The license a package manifest inside an archive declares, as written.</summary>
internal static class ManifestParsers
{
    private const int MaxDeclaredLength = 200;

    /// <summary>npm package.json: <c>license</c> (a string, or the legacy <c>{"type": …}</c>) and the legacy <c>licenses</c> array.</summary>
    public static IReadOnlyList<string> FromPackageJson(byte[] json)
    {
        var declared = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return declared;
            }
            if (document.RootElement.TryGetProperty("license", out var license))
            {
                AddLicenseValue(license, declared);
            }
            if (document.RootElement.TryGetProperty("licenses", out var licenses) && licenses.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in licenses.EnumerateArray())
                {
                    AddLicenseValue(item, declared);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing declared (the note-worthy case is a license text, not a broken manifest).
        }
        return declared;
    }

    private static void AddLicenseValue(JsonElement value, List<string> declared)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String => type.GetString(),
            _ => null,
        };
        Add(text, declared);
    }

    /// <summary>
    /// Python core metadata (PKG-INFO, METADATA): <c>License-Expression</c> when present (PEP 639, authoritative),
    /// otherwise <c>License</c> and the <c>Classifier: License :: …</c> lines. A multi-line or long <c>License</c>
    /// field is usually the whole license text: it is returned for matching instead.
    /// </summary>
    public static (IReadOnlyList<string> Declared, string? LicenseText) FromPythonMetadata(string text)
    {
        string? expression = null;
        string? license = null;
        var classifiers = new List<string>();
        string? current = null;
        var value = new System.Text.StringBuilder();
        void Flush()
        {
            if (current is null)
            {
                return;
            }
            var v = value.ToString().Trim();
            if (current.Equals("License-Expression", StringComparison.OrdinalIgnoreCase))
            {
                expression ??= v;
            }
            else if (current.Equals("License", StringComparison.OrdinalIgnoreCase))
            {
                license ??= v;
            }
            else if (current.Equals("Classifier", StringComparison.OrdinalIgnoreCase) && v.StartsWith("License ::", StringComparison.Ordinal))
            {
                classifiers.Add(v);
            }
            current = null;
            value.Clear();
        }
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty)
            {
                // The headers end at the first blank line; the body is the long description.
                break;
            }
            if (line[0] is ' ' or '\t')
            {
                if (current is not null)
                {
                    value.Append('\n').Append(line.Trim());
                }
                continue;
            }
            Flush();
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            current = line[..colon].Trim().ToString();
            value.Append(line[(colon + 1)..].Trim());
        }
        Flush();
        var declared = new List<string>();
        if (!string.IsNullOrWhiteSpace(expression))
        {
            Add(expression, declared);
            return (declared, null);
        }
        string? licenseText = null;
        if (!string.IsNullOrWhiteSpace(license) && !license.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase))
        {
            if (license.Contains('\n', StringComparison.Ordinal) || license.Length > MaxDeclaredLength)
            {
                licenseText = license;
            }
            else
            {
                Add(license, declared);
            }
        }
        foreach (var classifier in classifiers)
        {
            // "License :: OSI Approved" alone names no license.
            if (classifier.Split("::").Length > 2 || !classifier.EndsWith("OSI Approved", StringComparison.Ordinal))
            {
                Add(classifier, declared);
            }
        }
        return (declared, licenseText);
    }

    /// <summary>
    /// NuGet .nuspec: <c>&lt;license type="expression"&gt;</c> is declared; <c>type="file"</c> names a file in the
    /// package that is then read as a license text; a <c>licenses.nuget.org</c> <c>&lt;licenseUrl&gt;</c> is an expression too.
    /// </summary>
    public static (IReadOnlyList<string> Declared, string? LicenseFile, IReadOnlyList<string> Notes) FromNuspec(byte[] xml)
    {
        var declared = new List<string>();
        var notes = new List<string>();
        string? file = null;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml), SafeXml.Settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (reader.LocalName == "license")
                {
                    var type = reader.GetAttribute("type");
                    var content = reader.ReadElementContentAsString().Trim();
                    if (string.Equals(type, "expression", StringComparison.OrdinalIgnoreCase))
                    {
                        Add(content, declared);
                    }
                    else if (string.Equals(type, "file", StringComparison.OrdinalIgnoreCase) && content.Length > 0)
                    {
                        file = content;
                    }
                }
                else if (reader.LocalName == "licenseUrl")
                {
                    var url = reader.ReadElementContentAsString().Trim();
                    if (Uri.TryCreate(url, UriKind.Absolute, out var uri)
                        && uri.Host.Equals("licenses.nuget.org", StringComparison.OrdinalIgnoreCase)
                        && uri.AbsolutePath.Length > 1)
                    {
                        Add(Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')), declared);
                    }
                }
            }
        }
        catch (XmlException e)
        {
            notes.Add($"not readable XML ({e.Message})");
        }
        return (declared, file, notes);
    }

    private static void Add(string? text, List<string> declared)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return;
        }
        if (trimmed.Length > MaxDeclaredLength)
        {
            trimmed = trimmed[..MaxDeclaredLength] + "…";
        }
        if (!declared.Contains(trimmed, StringComparer.Ordinal))
        {
            declared.Add(trimmed);
        }
    }
}

/// <summary>XML reading that refuses DTDs (and so every entity) and resolves nothing outside the document.</summary>
internal static class SafeXml
{
    public static XmlReaderSettings Settings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = 16L * 1024 * 1024,
        MaxCharactersFromEntities = 0,
        CloseInput = true,
    };
}
