using System.Diagnostics;
using Governance.Aws.Ledger;
using Governance.Core.Ports;

namespace Governance.Aws.Tests.Ledger;

/// <summary>The ledger contract against the local JSON file store.</summary>
public sealed class FileDecisionLedgerTests : DecisionRevisionsContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ledger-" + Guid.NewGuid().ToString("N"));
    private readonly FileDecisionLedger _ledger;

    public FileDecisionLedgerTests() => _ledger = new FileDecisionLedger(_folder, Clock);

    protected override IDecisionLedger Ledger => _ledger;

    public void Dispose()
    {
        _ledger.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    // Only here, not in the shared contract: moto_server evaluates DynamoDB condition expressions without a lock, so
    // concurrent conditional puts can race inside moto, whereas DynamoDB itself applies them atomically per item.
    // The DynamoDB adapter's conditions are proven by the sequential contract tests (HeldByOther, takeover).
    [Fact]
    public async Task TryBegin_WhenManyHoldersRace_ShouldGrantExactlyOneClaim()
    {
        var key = NewKey();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => Ledger.TryBeginAsync(key, "holder-" + i, TimeSpan.FromMinutes(5), Bounded()))));
        Assert.Single(claims, c => c.Kind == LedgerClaimKind.Claimed);
        Assert.Equal(7, claims.Count(c => c.Kind == LedgerClaimKind.HeldByOther));
    }

    [Fact]
    public async Task TryBegin_WhenTwoSandboxesWithTheSameProcessIdRace_ShouldGrantExactlyOneClaim()
    {
        // The same duplicate delivery handed to two sandboxes at once, many times over: one reviews, one retries later.
        for (var round = 0; round < 25; round++)
        {
            var key = NewKey();
            var sandboxes = new[] { SandboxHolder(Guid.NewGuid()), SandboxHolder(Guid.NewGuid()) };
            using var start = new Barrier(sandboxes.Length);
            var claims = await Task.WhenAll(sandboxes.Select(holder => Task.Run(() =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                return Ledger.TryBeginAsync(key, holder, TimeSpan.FromMinutes(5), Bounded());
            })));

            var winner = Assert.Single(claims.Zip(sandboxes), c => c.First.Kind == LedgerClaimKind.Claimed).Second;
            var loser = Assert.Single(claims, c => c.Kind == LedgerClaimKind.HeldByOther);
            Assert.Equal(winner, loser.Existing?.Holder);
            Assert.Equal(winner, (await Ledger.GetAsync(key, Bounded()))?.Holder);
        }
    }

    [Fact]
    public async Task TryBegin_WhenAnotherProcessHoldsTheLedgerLock_ShouldWaitForIt()
    {
        // A different process (python3, flock as .NET's FileShare.None uses on Unix) holds ledger.lock for a while.
        var lockPath = Path.Combine(_folder, "decisions", "ledger.lock");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        // It prints when it took the lock, so a loaded machine's delay in reading that line cannot shorten the wait measured.
        start.ArgumentList.Add("import fcntl,sys,time\nf=open(sys.argv[1],'a+')\nfcntl.flock(f,fcntl.LOCK_EX)\nprint('locked %.3f' % time.time(),flush=True)\ntime.sleep(1.5)\n");
        start.ArgumentList.Add(lockPath);
        using var holder = Process.Start(start)!;
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync(Bounded());
            Assert.StartsWith("locked ", line, StringComparison.Ordinal);
            var lockedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(line!["locked ".Length..], System.Globalization.CultureInfo.InvariantCulture) * 1000));
            var claim = await Ledger.TryBeginAsync(NewKey(), "holder-a", TimeSpan.FromMinutes(5), Bounded());
            var claimedAfter = DateTimeOffset.UtcNow - lockedAt;
            Assert.Equal(LedgerClaimKind.Claimed, claim.Kind);
            // The holder keeps the lock 1.5 s; 1.4 s leaves room for clock granularity, none for a claim that did not wait.
            Assert.True(claimedAfter > TimeSpan.FromMilliseconds(1400), $"claimed {claimedAfter} after another process took the lock (it holds it 1.5 s)");
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }

    [Fact]
    public async Task Records_WhenLedgerReopened_ShouldSurviveAndLeaveNoTemporaryFiles()
    {
        var key = NewKey();
        await Ledger.TryBeginAsync(key, "holder-a", TimeSpan.FromMinutes(5), Bounded());
        await Ledger.CompleteAsync(Decided(key, "holder-a"), Bounded());
        using var reopened = new FileDecisionLedger(_folder, Clock);
        var stored = await reopened.GetAsync(key, Bounded());
        Assert.Equal("Rejected", stored?.Outcome);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "decisions"), "*.tmp"));
    }

    [Fact]
    public async Task TryBegin_WhenSeparateInstancesShareTheFolder_ShouldGrantExactlyOneClaim()
    {
        // Separate instances have separate in-process locks: only the OS file lock keeps them apart, as between processes.
        var key = NewKey();
        var ledgers = Enumerable.Range(0, 6).Select(_ => new FileDecisionLedger(_folder, Clock)).ToList();
        try
        {
            var claims = await Task.WhenAll(ledgers.Select((l, i) => Task.Run(() => l.TryBeginAsync(key, "h" + i, TimeSpan.FromMinutes(5), Bounded()))));
            Assert.Single(claims, c => c.Kind == LedgerClaimKind.Claimed);
        }
        finally
        {
            ledgers.ForEach(l => l.Dispose());
        }
    }
}
