using System.Security.Cryptography;
using System.Text;
using Governance.Core.Ports;

namespace Governance.Aws.Ledger;

/// <summary>
/// The file ledger's list of revisions per version (<c>{folder}/versions/{sha256 of the version key}.revisions</c>,
/// one base64 revision a line), so that <see cref="IDecisionLedger.RevisionsAsync"/> reads the few records of one
/// version instead of every record: it runs on every review, and a scan reviews thousands of versions. Used only under
/// the ledger's lock. A revision is listed before its first record is written, so a crash between the two leaves a
/// line without a record (skipped), never a record without a line. A data folder written before the index existed is
/// indexed once, on the first listing (<see cref="EnsureBuilt"/>).
/// </summary>
internal sealed class LedgerVersionIndex(string ledgerFolder)
{
    private readonly string _folder = Path.Combine(ledgerFolder, "versions");

    private string BuiltMarker => Path.Combine(_folder, "built");

    /// <summary>Lists <paramref name="key"/>'s revision under its version (once).</summary>
    public void Add(DecisionKey key)
    {
        Directory.CreateDirectory(_folder);
        var line = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.Revision));
        var path = PathOf(key.VersionKey);
        if (!File.Exists(path) || !File.ReadLines(path).Contains(line, StringComparer.Ordinal))
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>The revisions listed for a version.</summary>
    public IReadOnlyList<string> Revisions(string versionKey)
    {
        var path = PathOf(versionKey);
        return File.Exists(path)
            ? [.. File.ReadLines(path).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).Select(l => Encoding.UTF8.GetString(Convert.FromBase64String(l)))]
            : [];
    }

    /// <summary>Indexes the records written before the index existed (once per data folder).</summary>
    public void EnsureBuilt(Func<IEnumerable<DecisionKey>> everyKey)
    {
        if (File.Exists(BuiltMarker))
        {
            return;
        }

        foreach (var key in everyKey())
        {
            Add(key);
        }

        Directory.CreateDirectory(_folder);
        File.WriteAllText(BuiltMarker, "");
    }

    private string PathOf(string versionKey) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versionKey))) + ".revisions");
}
