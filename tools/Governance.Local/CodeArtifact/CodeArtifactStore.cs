using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Governance.Local.Storage;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// Persists the emulator's state as a snapshot plus a journal. Rewriting the whole snapshot on every publish and
/// status change cost O(versions stored) per write and was the local stack's CPU limit in the throughput benchmark
/// (docs/benchmarks.md); a package change now appends one line — that package's whole record — to
/// <c>codeartifact.journal</c> and flushes it to disk, and the snapshot is rewritten only for domain and repository
/// changes and every <see cref="DefaultCompactEvery"/> journal lines.
/// Loading replays the journal over the snapshot (a line is a package's latest state, so replaying a line the
/// snapshot already holds changes nothing) and stops at a torn last line: that change was never acknowledged, as
/// the process died while writing it. The load then compacts, so new lines never follow a torn one.
/// </summary>
public sealed class CodeArtifactStore
{
    public const int DefaultCompactEvery = 1000;

    private readonly StateFile<CodeArtifactState> _snapshot;
    private readonly int _compactEvery;
    private int _journalLines;

    /// <param name="compactEvery">Journal lines after which the next change rewrites the snapshot instead.</param>
    public CodeArtifactStore(string dataFolder, int compactEvery = DefaultCompactEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(compactEvery, 1);
        _compactEvery = compactEvery;
        _snapshot = new StateFile<CodeArtifactState>(Path.Combine(dataFolder, "codeartifact.json"), CodeArtifactStateJsonContext.Default.CodeArtifactState);
        JournalPath = Path.Combine(dataFolder, "codeartifact.journal");
    }

    public string JournalPath { get; }

    public CodeArtifactState Load()
    {
        var state = _snapshot.Load();
        if (File.Exists(JournalPath))
        {
            foreach (var line in File.ReadLines(JournalPath, Encoding.UTF8))
            {
                if (!TryApply(state, line))
                {
                    break;
                }
            }
        }

        SaveAll(state);
        return state;
    }

    /// <summary>Rewrites the snapshot and empties the journal (domain and repository changes, compaction).</summary>
    public void SaveAll(CodeArtifactState state)
    {
        _snapshot.Save(state);
        // A crash between the two leaves lines the snapshot already holds: replaying them changes nothing.
        File.WriteAllBytes(JournalPath, []);
        _journalLines = 0;
    }

    /// <summary>Records one package's current state (after a publish, status change, dispose or delete).</summary>
    public void SavePackage(CodeArtifactState state, string domain, string repository, string packageKey, PackageRecord package)
    {
        if (_journalLines >= _compactEvery)
        {
            SaveAll(state);
            return;
        }

        var entry = new JournalEntry(domain, repository, packageKey, state.RevisionCounter, package);
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, CodeArtifactStateJsonContext.Default.JournalEntry);
        // Opened per line: the service holds no handle open between requests, so a restarted stack (or a second
        // service on the same folder in tests) never meets a lock left behind.
        using (var journal = new FileStream(JournalPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            journal.Write(line);
            journal.WriteByte((byte)'\n');
            journal.Flush(flushToDisk: true);
        }

        _journalLines++;
    }

    private static bool TryApply(CodeArtifactState state, string line)
    {
        JournalEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(line, CodeArtifactStateJsonContext.Default.JournalEntry);
        }
        catch (JsonException)
        {
            return false;
        }

        if (entry?.Package is null)
        {
            return false;
        }

        // Domains and repositories reach the snapshot before any line that names them.
        if (state.Domains.TryGetValue(entry.Domain, out var domain) && domain.Repositories.TryGetValue(entry.Repository, out var repository))
        {
            repository.Packages[entry.PackageKey] = entry.Package;
        }

        state.RevisionCounter = Math.Max(state.RevisionCounter, entry.RevisionCounter);
        return true;
    }
}

/// <summary>One journal line: a package's whole record after a change, and the revision counter at that point.</summary>
public sealed record JournalEntry(
    [property: JsonPropertyName("d")] string Domain,
    [property: JsonPropertyName("r")] string Repository,
    [property: JsonPropertyName("k")] string PackageKey,
    [property: JsonPropertyName("c")] long RevisionCounter,
    [property: JsonPropertyName("p")] PackageRecord Package);
