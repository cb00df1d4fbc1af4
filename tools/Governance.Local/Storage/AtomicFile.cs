namespace Governance.Local.Storage;

/// <summary>
/// Writes a file so that readers (and a restart after <c>kill -9</c>) see either the old content or the new, never
/// a torn one: the bytes go to a temp file in the same folder, are flushed to disk, and the temp file is renamed
/// over the target (rename is atomic within one file system).
/// </summary>
public static class AtomicFile
{
    public const string TempSuffix = ".tmp";

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temp = NewTempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A temp name beside <paramref name="path"/> so the final rename never crosses file systems.</summary>
    public static string NewTempPath(string path) =>
        $"{path}.{Guid.NewGuid():N}{TempSuffix}";

    /// <summary>Removes temp files a crash left behind; they were never visible under a real name.</summary>
    public static void DeleteLeftoverTempFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*" + TempSuffix, SearchOption.AllDirectories))
        {
            TryDelete(file);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is harmless and is removed at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
