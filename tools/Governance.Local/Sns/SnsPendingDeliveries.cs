using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Governance.Local.Sns;

/// <summary>One accepted delivery not yet finished: what a restart of the stack delivers again.</summary>
public sealed record SnsPendingDelivery(SnsPublishedMessage Message, string SubscriptionArn, string? TopicDisplayName);

/// <summary>
/// The fan-out's durable queue: SNS keeps a message it accepted until each subscription's delivery finished, so a
/// message published just before a kill -9 of the stack still reaches its subscribers (the notify function among
/// them) after the restart. One file per message and subscription, written before Publish answers and deleted when
/// the delivery finished (delivered, or given up and logged). At least once: a kill between a delivery and its
/// deletion delivers it again, which SNS allows and the notify function's receipts make harmless.
/// </summary>
internal sealed class SnsPendingDeliveries(string folder)
{
    public string Add(SnsPendingDelivery delivery)
    {
        Directory.CreateDirectory(folder);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(delivery.Message.MessageId + "\n" + delivery.SubscriptionArn)))[..32];
        var path = Path.Combine(folder, name + ".json");
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, delivery, SnsPendingJsonContext.Default.SnsPendingDelivery);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Delivered again after a restart at worst: at least once.
        }
    }

    /// <summary>Every delivery a previous run accepted and did not finish, with its file.</summary>
    public IEnumerable<(string Path, SnsPendingDelivery Delivery)> Unfinished()
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            SnsPendingDelivery? delivery;
            try
            {
                delivery = JsonSerializer.Deserialize(File.ReadAllBytes(path), SnsPendingJsonContext.Default.SnsPendingDelivery);
            }
            catch (JsonException)
            {
                delivery = null; // written by a run killed mid-write of a temporary file never renamed: nothing accepted
            }

            if (delivery is not null)
            {
                yield return (path, delivery);
            }
        }
    }
}

[JsonSerializable(typeof(SnsPendingDelivery))]
internal sealed partial class SnsPendingJsonContext : JsonSerializerContext;
