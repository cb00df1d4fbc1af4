using System.Text.Json;
using Governance.Local.Osv;
using Governance.Local.Storage;

namespace Governance.Local.Upstream;

/// <summary>
/// Which directories stand in for which public registry. Chosen with <c>governance local up --maven-central DIR
/// --npmjs DIR --osv DIR</c> and recorded in the data folder, so a restart on the same data sees the same upstream packages
/// (versions already fetched into a repository would otherwise disagree with what the upstream now offers).
/// </summary>
/// <param name="MavenCentral">Absolute path backing <c>public:maven-central</c>.</param>
/// <param name="Npmjs">Absolute path backing <c>public:npmjs</c>; null leaves that connection without a stand-in.</param>
/// <param name="Osv">Absolute path of the OSV records served at <c>/osv/</c>; null serves the shipped incident records
/// (<see cref="OsvRecordStore.DefaultDirectory"/>, not recorded: it moves with the build output).</param>
public sealed record ExternalRegistrySettings(string? MavenCentral, string? Npmjs, string? Osv = null)
{
    public const string FileName = "external-registries.json";

    /// <summary>Absolute path of the PyPI stand-in (<see cref="PublicRegistries.PypiDirectory"/>) served at <c>/public/pypi/</c>; null for none.</summary>
    public string? Pypi { get; init; }

    /// <summary>
    /// Loads the recorded settings from <paramref name="dataFolder"/>, applies the given overrides, defaults
    /// <c>public:maven-central</c> to <see cref="MavenRepositoryDirectory.DefaultRoot"/>, and records the result.
    /// </summary>
    /// <exception cref="ArgumentException">An override names a directory that does not exist (the message names the option).</exception>
    /// <exception cref="FormatException">The recorded file is not the JSON this type writes.</exception>
    public static ExternalRegistrySettings Resolve(string dataFolder, string? mavenCentralOverride, string? npmjsOverride, string? osvOverride = null, string? pypiOverride = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        var file = Path.Combine(dataFolder, FileName);
        var settings = File.Exists(file) ? Load(file) : new ExternalRegistrySettings(null, null);
        settings = settings with
        {
            MavenCentral = Override(mavenCentralOverride, "--maven-central") ?? settings.MavenCentral ?? MavenRepositoryDirectory.DefaultRoot,
            Npmjs = Override(npmjsOverride, "--npmjs") ?? settings.Npmjs,
            Osv = Override(osvOverride, "--osv") ?? settings.Osv,
            Pypi = Override(pypiOverride, "--pypi") ?? settings.Pypi,
        };
        Directory.CreateDirectory(dataFolder);
        AtomicFile.WriteAllBytes(file, settings.ToJson());
        return settings;
    }

    /// <summary>The directory the OSV endpoint serves.</summary>
    public string OsvRecords => Osv ?? OsvRecordStore.DefaultDirectory;

    /// <summary>Connection name → stand-in. A recorded directory that has since vanished yields a registry that finds nothing.</summary>
    public IReadOnlyDictionary<string, IExternalRegistry> CreateRegistries()
    {
        var registries = new Dictionary<string, IExternalRegistry>(StringComparer.Ordinal);
        if (MavenCentral is not null)
        {
            registries[MavenRepositoryDirectory.Connection] = new MavenRepositoryDirectory(MavenCentral);
        }

        if (Npmjs is not null)
        {
            registries[NpmRegistryDirectory.Connection] = new NpmRegistryDirectory(Npmjs);
        }

        return registries;
    }

    private static string? Override(string? directory, string option)
    {
        if (directory is null)
        {
            return null;
        }

        var full = Path.GetFullPath(directory);
        return Directory.Exists(full) ? full : throw new ArgumentException($"{option} DIR: directory not found: {full}");
    }

    private static ExternalRegistrySettings Load(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? new ExternalRegistrySettings(Path(root, "mavenCentral"), Path(root, "npmjs"), Path(root, "osv")) { Pypi = Path(root, "pypi") }
                : throw new FormatException($"{file} must hold a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{file} is not valid JSON: {e.Message}", e);
        }

        string? Path(JsonElement root, string name) =>
            !root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
            : value.ValueKind == JsonValueKind.String && System.IO.Path.IsPathFullyQualified(value.GetString()!) ? value.GetString()
            : throw new FormatException($"{file}: \"{name}\" must be an absolute path");
    }

    private byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("mavenCentral", MavenCentral);
            writer.WriteString("npmjs", Npmjs);
            writer.WriteString("pypi", Pypi);
            writer.WriteString("osv", Osv);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
