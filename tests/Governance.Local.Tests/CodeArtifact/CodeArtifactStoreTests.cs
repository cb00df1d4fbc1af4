using Governance.Core.Ports;
using Governance.Local.CodeArtifact;
using Governance.Local.Storage;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// The emulator's persistence: package changes go to a journal (one line each) instead of a full snapshot rewrite,
/// and a reopened service sees exactly what was committed — through the journal, after a torn last line, and
/// across compactions.
/// </summary>
public sealed class CodeArtifactStoreTests : IDisposable
{
    private static readonly PackageCoordinate Pkg = new("nextwork", null, "repo", "generic", "ns", "pkg");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static AssetHashes Hashes(char c) => new(3, new string(c, 32), new string(c, 40), new string(c, 64), new string(c, 128));

    private CodeArtifactService NewService() => new(_folder.Path, "us-east-1", SystemClock.Instance, new NullSink());

    private string JournalPath => Path.Combine(_folder.Path, "codeartifact.journal");

    [Fact]
    public void Reopen_WhenPackagesChangedSinceTheSnapshot_ShouldReplayEveryChangeFromTheJournal()
    {
        var service = NewService();
        service.CreateDomain("000000000000", "nextwork", null);
        service.CreateRepository("nextwork", null, "repo", null, null);
        var snapshotBefore = File.ReadAllBytes(Path.Combine(_folder.Path, "codeartifact.json"));
        service.CommitPublish(Pkg, "1.0.0", "a.bin", Hashes('a'), unfinished: false);
        service.CommitPublish(Pkg, "2.0.0", "b.bin", Hashes('b'), unfinished: false);
        var update = service.UpdatePackageVersionsStatus(Pkg, ["2.0.0"], null, "Published", "Unlisted");

        // Three package changes, three lines; the snapshot was not rewritten for them.
        Assert.Equal(3, File.ReadAllLines(JournalPath).Length);
        Assert.Equal(snapshotBefore, File.ReadAllBytes(Path.Combine(_folder.Path, "codeartifact.json")));
        var reopened = NewService();

        var versions = reopened.ListPackageVersions(Pkg, null, null, null, null).Versions.ToDictionary(v => v.Version);
        Assert.Equal("Published", versions["1.0.0"].Status);
        Assert.Equal("Unlisted", versions["2.0.0"].Status);
        Assert.Equal(update.Successful["2.0.0"].Revision, versions["2.0.0"].Revision);
        Assert.Empty(File.ReadAllBytes(JournalPath));
    }

    [Fact]
    public void Reopen_WhenTheLastJournalLineIsTorn_ShouldKeepEverythingBeforeItAndCarryOn()
    {
        var service = NewService();
        service.CreateDomain("000000000000", "nextwork", null);
        service.CreateRepository("nextwork", null, "repo", null, null);
        service.CommitPublish(Pkg, "1.0.0", "a.bin", Hashes('a'), unfinished: false);
        // What a kill -9 in the middle of an append leaves: half a line, no newline.
        File.AppendAllText(JournalPath, "{\"d\":\"nextwork\",\"r\":\"repo\",\"k\":");

        var reopened = NewService();
        reopened.CommitPublish(Pkg, "3.0.0", "c.bin", Hashes('c'), unfinished: false);
        var again = NewService();

        Assert.Equal(["1.0.0", "3.0.0"], again.ListPackageVersions(Pkg, null, null, null, null).Versions.Select(v => v.Version).ToArray());
    }

    [Fact]
    public void SavePackage_WhenTheJournalReachesItsLimit_ShouldRewriteTheSnapshotAndStartAnEmptyJournal()
    {
        var store = new CodeArtifactStore(_folder.Path, compactEvery: 2);
        var state = store.Load();
        state.Domains["nextwork"] = new DomainRecord { Name = "nextwork", Owner = "000000000000" };
        state.Domains["nextwork"].Repositories["repo"] = new RepositoryRecord { Name = "repo" };
        store.SaveAll(state);
        var package = new PackageRecord { Format = "generic", Namespace = "ns", Name = "pkg" };
        state.Domains["nextwork"].Repositories["repo"].Packages["k"] = package;

        for (var i = 1; i <= 3; i++)
        {
            package.Versions.Add(new VersionRecord { Version = $"{i}.0.0", Status = "Published", Revision = $"r{i}" });
            state.RevisionCounter = i;
            store.SavePackage(state, "nextwork", "repo", "k", package);
        }

        // Lines 1 and 2 went to the journal; the third change compacted into the snapshot instead.
        Assert.Empty(File.ReadAllBytes(store.JournalPath));
        var reloaded = new CodeArtifactStore(_folder.Path).Load();
        Assert.Equal(3, reloaded.Domains["nextwork"].Repositories["repo"].Packages["k"].Versions.Count);
        Assert.Equal(3, reloaded.RevisionCounter);
    }

    private sealed class NullSink : IPackageChangeSink
    {
        public void OnChange(PackageVersionChange change)
        {
        }
    }
}
