using System.Text.RegularExpressions;

namespace Governance.Benchmarks.Chaos;

/// <summary>The notifications the chaos run's stack sent, per publish key: e-mails (SNS outbox) and Slack posts, with their sizes.</summary>
public sealed partial class ChaosOutbox
{
    private readonly Dictionary<string, List<long>> _emails;
    private readonly Dictionary<string, List<long>> _slack;

    public ChaosOutbox(string dataFolder)
    {
        _emails = Scan(Path.Combine(dataFolder, "outbox", "email"), "*.eml");
        _slack = Scan(Path.Combine(dataFolder, "outbox", "slack"), "*.json");
    }

    public int EmailsFor(string key) => _emails.TryGetValue(key, out var list) ? list.Count : 0;

    public int SlackFor(string key) => _slack.TryGetValue(key, out var list) ? list.Count : 0;

    /// <summary>The largest e-mail or Slack post about <paramref name="key"/>, in bytes (0 when there is none).</summary>
    public long LargestFor(string key) =>
        (_emails.TryGetValue(key, out var emails) ? emails : []).Concat(_slack.TryGetValue(key, out var slack) ? slack : []).DefaultIfEmpty(0).Max();

    // Chaos keys are <kind>-<5 digits>, so one key is never a prefix of another; whatever a hostile name adds after
    // the key (a control character escaped, U+202E, 288 x's) starts with a non-word character or is not a digit.
    [GeneratedRegex(@"\b(?:chaos|tamper)-\d{5}(?!\d)")]
    private static partial Regex Keys();

    private static Dictionary<string, List<long>> Scan(string folder, string pattern)
    {
        var index = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return index;
        }

        foreach (var file in Directory.GetFiles(folder, pattern))
        {
            var text = File.ReadAllText(file);
            var size = new FileInfo(file).Length;
            foreach (var key in Keys().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(size);
            }
        }

        return index;
    }
}
