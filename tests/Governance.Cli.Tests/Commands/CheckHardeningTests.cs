using System.Text;
using System.Text.Json;
using Governance.Cli.Demo;
using Governance.Core.Packages;

namespace Governance.Cli.Tests.Commands;

/// <summary>
/// Issue 15, the CLI's share: untrusted text never reaches the terminal raw, pipes and FIFOs are read, and
/// <c>--json</c> always answers with a JSON document.
/// </summary>
public sealed class CheckHardeningTests() : CommandTests("check")
{
    private static string Policy() => CheckCommandTests.DefaultPolicyFile();

    private static void AssertNoRawControlCharacters(string output)
    {
        var raw = output.Where(c => char.IsControl(c) && c != '\n').Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(raw.Count == 0, $"raw control characters reached stdout: {string.Join(", ", raw)}");
    }

    [Fact]
    public void Readable_WhenTheLicenseCarriesACarriageReturn_ShouldShowItEscapedAndNeverForgeAPassLine()
    {
        var file = Dir.Write("x.bin", "x");

        var (exit, output, _) = Run(file, "--format", "npm", "--name", "x", "--version", "1.0.0", "--license", "MIT\rPASS  npm x 1.0.0", "--policy", Policy());

        Assert.Equal(1, exit);
        AssertNoRawControlCharacters(output);
        Assert.Contains("MIT\\rPASS  npm x 1.0.0", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("PASS", StringComparison.Ordinal));
    }

    [Fact]
    public void Readable_WhenTheNameAndVersionCarryEscapeSequences_ShouldShowThemVisibly()
    {
        var file = Dir.Write("x.bin", "x");

        var (_, output, _) = Run(file, "--format", "generic", "--namespace", "ns", "--name", "evil\u001b[2K\u001b[1Gname", "--version", "1.0\u009b31m", "--policy", Policy());

        AssertNoRawControlCharacters(output);
        Assert.Contains("evil\\x1b[2K\\x1b[1Gname", output, StringComparison.Ordinal);
        Assert.Contains("1.0\\x9b31m", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Readable_WhenTheFileNameCarriesANewline_ShouldKeepItOnOneLine()
    {
        var file = Dir.Write("ok\nPASS  generic forged 1.0.0", "x");

        var (_, output, _) = Run(file, "--format", "generic", "--policy", Policy());

        AssertNoRawControlCharacters(output);
        Assert.Single(output.Split('\n'), line => line.StartsWith("PASS", StringComparison.Ordinal) || line.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.Contains("ok\\nPASS  generic forged 1.0.0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoTable_WhenANameCarriesAnEscapeSequenceOrACarriageReturn_ShouldPrintThemVisibly()
    {
        var package = new DemoPackage("evil", "npm", null, "evil\u001b]0;owned\u0007", "1.0.0\rPASS", DemoArrival.NpmPublish, "MIT", "Pass", PackageVersionStatus.Published);
        var result = new DemoResult(package, "Pass", "license.denied\u001b[0m", PackageVersionStatus.Published, ["mail\r.eml"], ["slack.json"]);

        var table = DemoTable.Render([result]);

        AssertNoRawControlCharacters(table.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("evil\\x1b]0;owned\\x07", table, StringComparison.Ordinal);
        Assert.Contains("1.0.0\\rPASS", table, StringComparison.Ordinal);
        Assert.Contains("license.denied\\x1b[0m", table, StringComparison.Ordinal);
        Assert.Contains("mail\\r.eml", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenTheFileIsAFifo_ShouldReadItAndAnswer()
    {
        var fifo = Path.Combine(Dir.Path, "artifact.bin");
        var mkfifo = await ProcessRunner.RunAsync("mkfifo", [fifo]);
        Assert.True(mkfifo.ExitCode == 0, mkfifo.ToString());
        var content = Encoding.UTF8.GetBytes("hello through a fifo");
        // Opening a FIFO for writing blocks until the check opens it for reading.
        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            await stream.WriteAsync(content);
        });

        var (exit, output, err) = Run(fifo, "--format", "generic", "--policy", Policy(), "--json");
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, err);
        using var verdict = JsonDocument.Parse(output);
        var asset = verdict.RootElement.GetProperty("assets")[0];
        Assert.Equal(content.Length, asset.GetProperty("bytesRead").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), asset.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Check_WhenTheFileIsADashOnAPipe_ShouldReadStandardInput()
    {
        const string content = "piped bytes";

        var result = await CliRunner.RunPipedAsync(Dir.Path, content, "check", "-", "--format", "generic", "--policy", Policy(), "--json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var verdict = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(Encoding.UTF8.GetByteCount(content), verdict.RootElement.GetProperty("assets")[0].GetProperty("bytesRead").GetInt64());
        Assert.Equal("stdin", verdict.RootElement.GetProperty("package").GetProperty("name").GetString());
    }

    [Fact]
    public void Check_WhenTheFileIsADirectory_ShouldSaySoAndExitTwo()
    {
        var (exit, _, err) = Run(Dir.Path, "--format", "generic", "--policy", Policy());

        Assert.Equal(2, exit);
        Assert.Contains("it is a directory", err, StringComparison.Ordinal);
    }

    private static JsonElement ParseError(string stdout, string code)
    {
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement.Clone();
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error");
        Assert.Equal(["code", "message", "details"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
        return error;
    }

    [Fact]
    public void Json_WhenTheArgumentsAreWrong_ShouldPrintAUsageErrorObjectAndExitTwo()
    {
        var (exit, output, _) = Run("--json", "--format", "generic");

        Assert.Equal(2, exit);
        Assert.Contains("Required argument 'FILE' missing", ParseError(output, "usage").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_WhenTheFileCannotBeRead_ShouldPrintAnUnreadableErrorObjectAndExitTwo()
    {
        var missing = Path.Combine(Dir.Path, "missing.bin");

        var (exit, output, _) = Run(missing, "--format", "generic", "--policy", Policy(), "--json");

        Assert.Equal(2, exit);
        Assert.Contains(missing, ParseError(output, "unreadable").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_WhenThePolicyIsInvalid_ShouldPrintAPolicyErrorObjectWithEachProblem()
    {
        var file = Dir.Write("x.bin", "x");
        var policy = Dir.Write("bad.yaml", "mode: enforce\nlicenses:\n  unknown: shrug\n");

        var (exit, output, _) = Run(file, "--format", "generic", "--policy", policy, "--json");

        Assert.Equal(2, exit);
        var details = ParseError(output, "policy").GetProperty("details");
        Assert.NotEqual(0, details.GetArrayLength());
        Assert.Contains(details.EnumerateArray(), d => d.GetString()!.Contains("licenses.unknown: 'shrug' is not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_WhenTheCheckSucceeds_ShouldWriteOnlyTheDocumentedVerdictKeys()
    {
        var file = Dir.Write("x.bin", "x");

        var (_, output, _) = Run(file, "--format", "generic", "--license", "MIT", "--policy", Policy(), "--json");

        using var verdict = JsonDocument.Parse(output);
        var root = verdict.RootElement;
        // The verdict document (docs/architecture.md, governance.verdict/v1); "summary" appears only when lists were cut.
        Assert.Equal(
            ["schema", "package", "outcome", "mode", "action", "findings", "waived", "licenses", "assets", "evaluatedAt", "policy", "evidence"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["kind", "targetStatus", "wouldBe", "wouldBeStatus"], root.GetProperty("action").EnumerateObject().Select(p => p.Name));
    }
}
