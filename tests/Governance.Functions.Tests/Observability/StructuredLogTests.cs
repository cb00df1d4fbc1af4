using System.Text.Json;
using Governance.Functions.Observability;

namespace Governance.Functions.Tests.Observability;

public sealed class StructuredLogTests
{
    [Fact]
    public void Info_WhenFieldsHoldHostileText_ShouldWriteOneParsableJsonObjectPerLine()
    {
        using var output = new StringWriter();
        var log = new StructuredLog(output) { RequestId = "req-1" };

        log.Info("review finished", ("packageUrl", "pkg:npm/evil\n\"}{\u0007"), ("bytes", 42L), ("applied", true), ("elapsed", TimeSpan.FromMilliseconds(12.34)));
        log.Error("second", ("reason", null));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("req-1", first.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("pkg:npm/evil\n\"}{\u0007", first.RootElement.GetProperty("packageUrl").GetString());
        Assert.Equal(42, first.RootElement.GetProperty("bytes").GetInt64());
        Assert.True(first.RootElement.GetProperty("applied").GetBoolean());
        Assert.Equal(12.3, first.RootElement.GetProperty("elapsed").GetDouble());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("ERROR", second.RootElement.GetProperty("level").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("reason").ValueKind);
    }

    [Fact]
    public void Warn_WhenATextValueIsHuge_ShouldCapItWithAMarker()
    {
        using var output = new StringWriter();
        var log = new StructuredLog(output);

        log.Warn("notification is not a verdict document; skipped", ("reason", "schema '" + new string('x', 100_000) + "' is not 'governance.verdict/v1'"));

        using var line = JsonDocument.Parse(output.ToString());
        var reason = line.RootElement.GetProperty("reason").GetString()!;
        Assert.Equal(StructuredLog.MaxTextLength, reason.Length);
        Assert.StartsWith("schema 'xxx", reason, StringComparison.Ordinal);
        Assert.Matches(@"… \(truncated, [\d,]+ more characters\)$", reason);
    }
}
