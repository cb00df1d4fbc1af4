using Governance.Local.Osv;
using Governance.Local.Upstream;
using Governance.TestSupport;

namespace Governance.Local.Tests.Osv;

public sealed class OsvRecordStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private const string Record = """
        {"id":"MAL-LOCAL-9001","modified":"2026-01-01T00:00:00Z",
         "affected":[{"package":{"ecosystem":"npm","name":"left-pad-evil"},"versions":["1.0.0"]}]}
        """;

    [Fact]
    public void Current_WhenAFileIsAddedWhileRunning_ShouldServeItOnTheNextQuery()
    {
        var store = new OsvRecordStore(_folder.Path);
        Assert.Empty(store.Current().Affecting("npm", "left-pad-evil", "1.0.0"));

        File.WriteAllText(_folder.File("MAL-LOCAL-9001.json"), Record);

        Assert.Single(store.Current().Affecting("npm", "left-pad-evil", "1.0.0"));
        Assert.Empty(store.Current().Affecting("npm", "left-pad-evil", "1.0.1"));
    }

    [Fact]
    public void Current_ShouldSkipFilesThatAreNotRecordsAndSaySo()
    {
        File.WriteAllText(_folder.File("a.json"), Record);
        File.WriteAllText(_folder.File("b.json"), Record);
        File.WriteAllText(_folder.File("broken.json"), "{\"id\":");
        File.WriteAllText(_folder.File("array.json"), "[]");
        File.WriteAllText(_folder.File("notes.txt"), "not json, not read");

        var snapshot = new OsvRecordStore(_folder.Path).Current();

        Assert.Equal(["MAL-LOCAL-9001"], snapshot.Records.Keys);
        Assert.Equal(3, snapshot.Skipped.Count);
        Assert.Contains(snapshot.Skipped, s => s.StartsWith("b.json: repeats the id", StringComparison.Ordinal));
    }

    [Fact]
    public void Current_ShouldNotServeWithdrawnRecords()
    {
        File.WriteAllText(_folder.File("w.json"), Record.Replace("\"modified\"", "\"withdrawn\":\"2026-02-01T00:00:00Z\",\"modified\"", StringComparison.Ordinal));

        Assert.Empty(new OsvRecordStore(_folder.Path).Current().Affecting("npm", "left-pad-evil", "1.0.0"));
    }

    [Fact]
    public void Current_WhenTheDirectoryIsMissing_ShouldServeNothing()
    {
        Assert.Empty(new OsvRecordStore(Path.Combine(_folder.Path, "missing")).Current().Records);
    }

    [Fact]
    public void OsvOverride_ShouldBeRecordedAndKeptOnRestart()
    {
        var data = Path.Combine(_folder.Path, "data");
        var records = Directory.CreateDirectory(Path.Combine(_folder.Path, "records")).FullName;

        var first = ExternalRegistrySettings.Resolve(data, null, null, records);
        var restarted = ExternalRegistrySettings.Resolve(data, null, null);

        Assert.Equal(records, first.OsvRecords);
        Assert.Equal(records, restarted.OsvRecords);
        Assert.Equal(OsvRecordStore.DefaultDirectory, ExternalRegistrySettings.Resolve(Path.Combine(_folder.Path, "fresh"), null, null).OsvRecords);
        var error = Assert.Throws<ArgumentException>(() => ExternalRegistrySettings.Resolve(data, null, null, Path.Combine(_folder.Path, "nope")));
        Assert.Contains("--osv", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
