using System.Text.Json;

namespace Governance.Cli.Scan;

/// <summary>
/// Reads and writes the checkpoint file. A save goes to a temporary file, is flushed to disk and renamed over the
/// old one, so a kill at any moment leaves either the previous checkpoint or the new one, never half of one.
/// </summary>
internal sealed class ScanStateStore(string path)
{
    public string Path { get; } = path;

    /// <summary>The default checkpoint of a scan: <c>./.governance/scan/{domain}-{repository}.json</c> (dry runs apart).</summary>
    public static string DefaultPath(ScanRequest request)
    {
        var name = Safe(request.Domain) + "-" + Safe(request.Repository) + (request.DryRun ? ".dry-run" : "") + ".json";
        return System.IO.Path.Combine(Environment.CurrentDirectory, ".governance", "scan", name);
    }

    /// <summary>The saved state, or null when there is none (a fresh scan).</summary>
    /// <exception cref="InvalidDataException">The file is there but is not a checkpoint this version can read.</exception>
    public ScanState? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        ScanState? state;
        try
        {
            using var stream = File.OpenRead(Path);
            state = JsonSerializer.Deserialize(stream, ScanStateJsonContext.Default.ScanState);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the checkpoint {Path} cannot be read ({e.Message}); delete it to start the scan again from the beginning", e);
        }

        if (state is null || state.Schema != ScanState.CurrentSchema || string.IsNullOrEmpty(state.HolderId))
        {
            throw new InvalidDataException($"the checkpoint {Path} is not a scan checkpoint of schema {ScanState.CurrentSchema}; delete it to start the scan again from the beginning");
        }

        return state;
    }

    public void Save(ScanState state) => Save(JsonSerializer.SerializeToUtf8Bytes(state, ScanStateJsonContext.Default.ScanState));

    public void Save(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>A finished scan leaves no checkpoint: the next scan starts from the beginning (and finds everything decided).</summary>
    public void Delete() => File.Delete(Path);

    private static string Safe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}

/// <summary>
/// An exclusive OS lock on <c>{state}.lock</c>, held for the whole scan: a second scan of the same checkpoint
/// (another terminal, a cron job that overlapped) is refused instead of racing the first one's cursor. The lock file
/// stays after the scan; deleting it could let two waiting scans lock two different files.
/// </summary>
internal sealed class ScanLock : IDisposable
{
    private readonly FileStream _stream;

    private ScanLock(FileStream stream) => _stream = stream;

    /// <returns>The lock, or null when another scan holds it.</returns>
    public static ScanLock? TryAcquire(string statePath)
    {
        var path = statePath + ".lock";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            return new ScanLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
