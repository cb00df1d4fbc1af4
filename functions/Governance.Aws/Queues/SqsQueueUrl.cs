using System.Globalization;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace Governance.Aws.Queues;

/// <summary>
/// The URL of the queue an SQS record came from, derived from the record's <c>eventSourceARN</c>
/// (<c>arn:PARTITION:sqs:REGION:ACCOUNT:NAME</c>), so the function needs no setting that could name another queue.
/// The host is the one the SQS client itself sends to: <c>AWS_ENDPOINT_URL_SQS</c>, else <c>AWS_ENDPOINT_URL</c>
/// (unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>), else <c>https://sqs.REGION.DNS-SUFFIX</c> of the partition.
/// </summary>
public static class SqsQueueUrl
{
    public static Uri FromArn(string eventSourceArn, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(eventSourceArn);
        ArgumentNullException.ThrowIfNull(environment);
        var parts = eventSourceArn.Split(':');
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "sqs" || parts[3].Length == 0
            || parts[4].Length != 12 || !parts[4].All(char.IsAsciiDigit) || !IsQueueName(parts[5]))
        {
            throw new ArgumentException(
                $"'{eventSourceArn}' is not an SQS queue ARN (arn:PARTITION:sqs:REGION:ACCOUNT:NAME)", nameof(eventSourceArn));
        }

        var (region, account, name) = (parts[3], parts[4], parts[5]);
        var endpoint = ConfiguredEndpoint(environment) ?? DefaultEndpoint(region);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{endpoint.TrimEnd('/')}/{account}/{name}"));
    }

    private static string? ConfiguredEndpoint(Func<string, string?> environment)
    {
        if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return environment("AWS_ENDPOINT_URL_SQS") is { Length: > 0 } sqs ? sqs
            : environment("AWS_ENDPOINT_URL") is { Length: > 0 } all ? all
            : null;
    }

    private static string DefaultEndpoint(string region)
    {
        var suffix = Fn.Partition(region)?.dnsSuffix ?? "amazonaws.com";
        return string.Create(CultureInfo.InvariantCulture, $"https://sqs.{region}.{suffix}");
    }

    /// <summary>SQS queue names: 1–80 letters, digits, hyphens and underscores, with an optional .fifo suffix.</summary>
    private static bool IsQueueName(string name)
    {
        var stem = name.EndsWith(".fifo", StringComparison.Ordinal) ? name[..^5] : name;
        return stem.Length is > 0 and <= 80 && name.Length <= 80
            && stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }
}
