using System.Text.Json;
using System.Text.Json.Serialization;

namespace Governance.Local.Sns;

/// <summary>
/// Topics and subscriptions of the local SNS, persisted as one JSON file in the data folder. Every change rewrites the
/// file through a temporary file and an atomic rename, so a crash mid-write leaves the previous state intact.
/// </summary>
public sealed class SnsStateStore
{
    private readonly object _gate = new();
    private readonly string _path;
    private readonly List<SnsTopic> _topics = [];
    private readonly List<SnsSubscription> _subscriptions = [];

    public SnsStateStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, "sns-state.json");
        if (File.Exists(_path))
        {
            using var stream = File.OpenRead(_path);
            var state = JsonSerializer.Deserialize(stream, SnsStateJsonContext.Default.SnsPersistedState)
                ?? throw new InvalidDataException($"SNS state file '{_path}' is empty; delete it to start afresh.");
            _topics.AddRange(state.Topics);
            _subscriptions.AddRange(state.Subscriptions);
        }
    }

    public string FilePath => _path;

    public IReadOnlyList<SnsTopic> Topics
    {
        get
        {
            lock (_gate)
            {
                return [.. _topics];
            }
        }
    }

    public SnsTopic? FindTopic(string arn)
    {
        lock (_gate)
        {
            return _topics.Find(t => string.Equals(t.Arn, arn, StringComparison.Ordinal));
        }
    }

    public SnsSubscription? FindSubscription(string arn)
    {
        lock (_gate)
        {
            return _subscriptions.Find(s => string.Equals(s.Arn, arn, StringComparison.Ordinal));
        }
    }

    public IReadOnlyList<SnsSubscription> SubscriptionsOf(string topicArn)
    {
        lock (_gate)
        {
            return _subscriptions.Where(s => string.Equals(s.TopicArn, topicArn, StringComparison.Ordinal)).ToList();
        }
    }

    public IReadOnlyList<SnsSubscription> AllSubscriptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions];
            }
        }
    }

    /// <summary>Adds the topic unless one with the same ARN exists; returns the stored one.</summary>
    public SnsTopic GetOrAddTopic(SnsTopic topic)
    {
        lock (_gate)
        {
            var existing = _topics.Find(t => string.Equals(t.Arn, topic.Arn, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing;
            }

            _topics.Add(topic);
            Save();
            return topic;
        }
    }

    public bool RemoveTopic(string arn)
    {
        lock (_gate)
        {
            var removed = _topics.RemoveAll(t => string.Equals(t.Arn, arn, StringComparison.Ordinal)) > 0;
            _subscriptions.RemoveAll(s => string.Equals(s.TopicArn, arn, StringComparison.Ordinal));
            Save();
            return removed;
        }
    }

    /// <summary>Adds the subscription unless the topic already has one for the same protocol and endpoint.</summary>
    public SnsSubscription GetOrAddSubscription(SnsSubscription subscription)
    {
        lock (_gate)
        {
            var existing = _subscriptions.Find(s =>
                string.Equals(s.TopicArn, subscription.TopicArn, StringComparison.Ordinal)
                && string.Equals(s.Protocol, subscription.Protocol, StringComparison.Ordinal)
                && string.Equals(s.Endpoint, subscription.Endpoint, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing;
            }

            _subscriptions.Add(subscription);
            Save();
            return subscription;
        }
    }

    public bool RemoveSubscription(string arn)
    {
        lock (_gate)
        {
            var removed = _subscriptions.RemoveAll(s => string.Equals(s.Arn, arn, StringComparison.Ordinal)) > 0;
            if (removed)
            {
                Save();
            }

            return removed;
        }
    }

    /// <summary>Applies a change to a stored object under the store's lock, then persists.</summary>
    public void Update(Action change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            change();
            Save();
        }
    }

    private void Save()
    {
        var state = new SnsPersistedState { Topics = [.. _topics], Subscriptions = [.. _subscriptions] };
        var temp = _path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, SnsStateJsonContext.Default.SnsPersistedState);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }
}

public sealed class SnsPersistedState
{
    public List<SnsTopic> Topics { get; init; } = [];

    public List<SnsSubscription> Subscriptions { get; init; } = [];
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SnsPersistedState))]
internal sealed partial class SnsStateJsonContext : JsonSerializerContext;
