using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Governance.Local.Storage;

/// <summary>
/// One JSON snapshot file written atomically after every change. Because a blob is renamed into place before the
/// snapshot that references it is written, a crash at any point leaves a snapshot whose assets all exist.
/// </summary>
public sealed class StateFile<T>(string path, JsonTypeInfo<T> typeInfo)
    where T : class, new()
{
    public string Path { get; } = path;

    public T Load()
    {
        if (!File.Exists(Path))
        {
            return new T();
        }

        using var stream = File.OpenRead(Path);
        return JsonSerializer.Deserialize(stream, typeInfo)
               ?? throw new InvalidDataException($"state file {Path} is empty; delete it to start afresh");
    }

    public void Save(T state) => AtomicFile.WriteAllBytes(Path, JsonSerializer.SerializeToUtf8Bytes(state, typeInfo));
}
