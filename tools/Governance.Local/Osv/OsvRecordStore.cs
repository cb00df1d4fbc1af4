using System.Text.Json;

namespace Governance.Local.Osv;

/// <summary>
/// OSV records served from a directory, one record per <c>*.json</c> file (the layout of OSV's own exports and of the
/// OpenSSF malicious-packages repository, flattened). The directory is re-read when a file is added, removed or
/// changed, so a test or a person can drop in new intel while the stack runs ("new intel re-evaluates").
/// Files that are not a record with a string <c>id</c>, larger than <see cref="MaxFileBytes"/>, or repeating an id
/// already read are skipped and listed in <see cref="Snapshot.Skipped"/>.
/// </summary>
public sealed class OsvRecordStore(string directory)
{
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private readonly Lock _gate = new();
    private Snapshot? _current;
    private string _signature = "";

    /// <summary>The records shipped with the local stack (real incidents; see <c>Osv/README.md</c>), next to the assembly.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Osv", "records");

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The records as the directory holds them now.</summary>
    public Snapshot Current()
    {
        var files = System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).ToArray()
            : [];
        var signature = string.Join('\n', files.Select(f => $"{f}|{File.GetLastWriteTimeUtc(f).Ticks}|{new FileInfo(f).Length}"));
        lock (_gate)
        {
            if (_current is null || signature != _signature)
            {
                _current = Load(files);
                _signature = signature;
            }

            return _current;
        }
    }

    private static Snapshot Load(string[] files)
    {
        var records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            try
            {
                if (new FileInfo(file).Length > MaxFileBytes)
                {
                    skipped.Add($"{name}: larger than {MaxFileBytes:N0} bytes");
                    continue;
                }

                using var document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { MaxDepth = 64 });
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
                {
                    skipped.Add($"{name}: not an OSV record (an object with a string \"id\")");
                }
                else if (!records.TryAdd(id.GetString()!, root.Clone()))
                {
                    skipped.Add($"{name}: repeats the id {id.GetString()}");
                }
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                skipped.Add($"{name}: {e.Message}");
            }
        }

        return new Snapshot(records, skipped);
    }

    /// <summary>The records read at one moment, by id (records are immutable; answers may share them).</summary>
    public sealed record Snapshot(IReadOnlyDictionary<string, JsonElement> Records, IReadOnlyList<string> Skipped)
    {
        /// <summary>The records affecting the package (and version; null = any), in id order for stable answers.</summary>
        public IEnumerable<JsonElement> Affecting(string ecosystem, string name, string? version) =>
            Records.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Where(r => !r.Value.TryGetProperty("withdrawn", out var w) || w.ValueKind != JsonValueKind.String)
                .Where(r => OsvAffectedMatch.Affects(r.Value, ecosystem, name, version))
                .Select(r => r.Value);
    }
}
