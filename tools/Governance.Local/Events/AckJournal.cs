using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Governance.Local.Storage;

namespace Governance.Local.Events;

/// <summary>
/// The acknowledgement journal of one durable subscription, <c>events.acked.NAME.jsonl</c> beside
/// <c>events.jsonl</c>. An event is known by its sequence number (its line index in <c>events.jsonl</c>) and a
/// short hash of that line, so a journal that no longer matches the log (the log was deleted or replaced) acknowledges
/// nothing it cannot prove: those events are delivered again rather than lost.
/// Lines, each ended by <c>\n</c>:
/// <list type="bullet">
/// <item><c>N HASH</c>: event N was acknowledged; one flushed append per acknowledgement.</item>
/// <item><c>upto N HASH</c>: every event up to N was acknowledged (or published before the subscription existed).
/// Written atomically at creation and by compaction, which replaces the whole journal by this one line every
/// <see cref="LocalEventBus.DefaultCompactAcksEvery"/> acknowledgements and at a start that finds nothing pending.</item>
/// </list>
/// A torn last line (no <c>\n</c>: the process died while appending it) acknowledges nothing and is cut off before
/// the next append, so it never merges with a new line.
/// </summary>
internal sealed class AckJournal
{
    private const string UpTo = "upto ";
    private readonly int _compactEvery;
    private int _lines;

    private AckJournal(string path, int compactEvery, int lines)
    {
        Path = path;
        _compactEvery = compactEvery;
        _lines = lines;
    }

    public string Path { get; }

    public static string PathFor(string dataFolder, string name) => System.IO.Path.Combine(dataFolder, $"events.acked.{name}.jsonl");

    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 64 || name[0] is '.' or '-' || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"a durable subscription name is 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-' (was \"{name}\")", nameof(name));
        }
    }

    public static string Hash(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line).AsSpan(0, 8));

    /// <summary>
    /// Opens the journal (creating it, with everything already in the log counted as before this subscription's
    /// time) and returns, in log order, the events of <paramref name="log"/> it does not acknowledge.
    /// </summary>
    public static AckJournal Open(string path, EventLogFile.Lines log, int compactEvery, out List<(long Sequence, string Json)> unacknowledged)
    {
        unacknowledged = [];
        if (!File.Exists(path))
        {
            var created = new AckJournal(path, compactEvery, 0);
            created.Rewrite(log);
            return created;
        }

        var bytes = File.ReadAllBytes(path);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < bytes.Length)
        {
            using var torn = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            torn.SetLength(end);
            torn.Flush(flushToDisk: true);
        }

        var acknowledged = new Dictionary<long, string>();
        (long Sequence, string Hash)? upTo = null;
        var lines = 0;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lines++;
            var isUpTo = line.StartsWith(UpTo, StringComparison.Ordinal);
            var parts = (isUpTo ? line[UpTo.Length..] : line).Split(' ');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence))
            {
                continue; // Unreadable: it acknowledges nothing.
            }

            if (isUpTo)
            {
                upTo = (sequence, parts[1]);
            }
            else
            {
                acknowledged[sequence] = parts[1];
            }
        }

        // "upto -1 -" (created on an empty log) acknowledges nothing; otherwise line N must still be the same event.
        var upToValid = upTo is { } mark && (mark.Sequence < 0 || (mark.Sequence < log.Count && log.Hash(mark.Sequence) == mark.Hash));
        for (long sequence = 0; sequence < log.Count; sequence++)
        {
            if (upToValid && sequence <= upTo!.Value.Sequence)
            {
                continue;
            }

            if (acknowledged.TryGetValue(sequence, out var hash) && hash == log.Hash(sequence))
            {
                continue;
            }

            unacknowledged.Add((sequence, log.Text(sequence)));
        }

        var journal = new AckJournal(path, compactEvery, lines);
        if (unacknowledged.Count == 0 && lines > 1)
        {
            journal.Rewrite(log);
        }

        return journal;
    }

    /// <summary>
    /// Records that event <paramref name="sequence"/> (whose log line is <paramref name="eventJson"/>) was handled.
    /// Acknowledgements must come in sequence order (one ordered worker per subscription), which is what lets
    /// compaction say "everything up to here".
    /// </summary>
    public void Acknowledge(long sequence, string eventJson)
    {
        var hash = Hash(Encoding.UTF8.GetBytes(eventJson));
        if (_lines >= _compactEvery)
        {
            WriteUpTo(sequence, hash);
            return;
        }

        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{sequence} {hash}\n"));
        using (var journal = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1))
        {
            journal.Write(line);
            journal.Flush(flushToDisk: true);
        }

        _lines++;
    }

    private void Rewrite(EventLogFile.Lines log)
    {
        if (log.Count == 0)
        {
            WriteUpTo(-1, "-");
        }
        else
        {
            WriteUpTo(log.Count - 1, log.Hash(log.Count - 1));
        }
    }

    private void WriteUpTo(long sequence, string hash)
    {
        AtomicFile.WriteAllBytes(Path, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{UpTo}{sequence} {hash}\n")));
        _lines = 1;
    }
}

/// <summary>Reading and repairing <c>events.jsonl</c>: one event a line, each ended by <c>\n</c>.</summary>
internal static class EventLogFile
{
    /// <summary>Cuts off a torn last line (the process died while appending it) and returns how many events remain.</summary>
    public static long Repair(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var lines = Read(path);
        if (lines.TornBytes > 0)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(stream.Length - lines.TornBytes);
        }

        return lines.Count;
    }

    public static Lines Read(string path) => new(File.Exists(path) ? File.ReadAllBytes(path) : []);

    /// <summary>The complete lines of the log, by sequence number.</summary>
    public sealed class Lines
    {
        private readonly byte[] _bytes;
        private readonly List<int> _starts = [];

        public Lines(byte[] bytes)
        {
            _bytes = bytes;
            var start = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    _starts.Add(start);
                    start = i + 1;
                }
            }

            _starts.Add(start);
            TornBytes = bytes.Length - start;
        }

        public long Count => _starts.Count - 1;

        public int TornBytes { get; }

        public string Hash(long sequence) => AckJournal.Hash(Span(sequence));

        public string Text(long sequence) => Encoding.UTF8.GetString(Span(sequence));

        private ReadOnlySpan<byte> Span(long sequence)
        {
            var start = _starts[(int)sequence];
            return _bytes.AsSpan(start, _starts[(int)sequence + 1] - 1 - start);
        }
    }
}
