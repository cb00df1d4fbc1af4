using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.Local.CodeArtifact;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 1: generic asset names as the user guide's "Generic packages overview" (generic package
/// constraints) states the rules, enforced by <see cref="InputRules.GenericAssetName"/>, and non-ASCII names served
/// back through the <c>X-AssetName</c> header (percent-encoded UTF-8, <see cref="InputRules.ResponseHeader"/>).
/// </summary>
public sealed class GenericAssetNameTests() : LocalStackTestBase(Domain, Repo)
{
    private const string Domain = "assets";
    private const string Repo = "assets-repo";
    private const string UnicodeName = "Ünïcödé-файл_名前.bin";

    [Theory]
    [InlineData(".", "cannot be '.' or '..'")]
    [InlineData("..", "cannot be '.' or '..'")]
    [InlineData(" lead.txt", "cannot start or end with a space")]
    [InlineData("trail.txt ", "cannot start or end with a space")]
    [InlineData("two  spaces.txt", "consecutive spaces")]
    [InlineData("slash/name.txt", "U+002F at index 5")]
    [InlineData("back\\slash.txt", "U+005C at index 4")]
    [InlineData("hash#name", "U+0023 at index 4")]
    [InlineData("%2e%2e", "U+0025 at index 0")]
    [InlineData("tab\tname", "\\P{C}+")]
    [InlineData("colon:name", "U+003A at index 5")]
    [InlineData("U\u0308ber.txt", "U+0308 at index 1")]
    public void GenericAssetName_WhenANameBreaksTheGuidesRules_ShouldThrowAValidationException(string name, string rule)
    {
        var error = Assert.Throws<CodeArtifactException>(() => InputRules.GenericAssetName(name));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.StartsWith("1 validation error detected: Value ", error.Message, StringComparison.Ordinal);
        Assert.Contains("at 'assetName'", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("asset.tar.gz")]
    [InlineData(UnicodeName)]
    [InlineData("one space.txt")]
    [InlineData("~!@^&()-_+[]{};,.")]
    [InlineData("...")]
    [InlineData(".hidden")]
    [InlineData("Ⅻ-ǅ-ʰ-٣")] // Nl, Lt, Lm, Nd outside ASCII
    [InlineData("\U0001D400\U00020000")] // Lu and Lo outside the BMP
    public void GenericAssetName_WhenANameFollowsTheGuidesRules_ShouldAcceptIt(string name) =>
        Assert.Equal(name, InputRules.GenericAssetName(name));

    [Theory]
    [InlineData("asset.tar.gz", "asset.tar.gz")]
    [InlineData("one space.txt", "one space.txt")]
    [InlineData("100%", "100%25")]
    [InlineData(" x ", "%20x%20")]
    [InlineData("é", "%C3%A9")]
    public void ResponseHeader_ShouldPercentEncodeOnlyWhatAHeaderCannotCarry(string name, string header) =>
        Assert.Equal(header, InputRules.ResponseHeader(name));

    /// <summary>
    /// Seeded property test of the rule alone: every generated name is either refused with a ValidationException or
    /// satisfies the guide's rules as an independent oracle states them; an accepted name's header is visible ASCII
    /// and percent-decodes to the exact name.
    /// </summary>
    [Fact]
    public void GenericAssetName_ForSeededRandomNames_ShouldRefuseOrAcceptExactlyAsTheGuideSays()
    {
        var random = new Random(20261127);
        for (var n = 0; n < 5000; n++)
        {
            var name = RandomName(random);
            bool accepted;
            try
            {
                InputRules.GenericAssetName(name);
                accepted = true;
            }
            catch (CodeArtifactException error)
            {
                Assert.Equal("ValidationException", error.ErrorCode);
                accepted = false;
            }

            Assert.True(accepted == Oracle(name), $"case {n}: '{Escape(name)}' accepted={accepted}");
            if (accepted)
            {
                var header = InputRules.ResponseHeader(name);
                Assert.All(header, c => Assert.InRange(c, ' ', '~'));
                Assert.Equal(name, Uri.UnescapeDataString(header));
            }
        }
    }

    /// <summary>The names the issue lists, through the real aws CLI: ValidationException, and nothing stored.</summary>
    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(" lead.txt")]
    [InlineData("two  spaces.txt")]
    [InlineData("slash/name.txt")]
    [InlineData("hash#name")]
    [InlineData("%2e%2e")]
    [InlineData("..%2fescape")]
    public async Task PublishPackageVersion_WhenTheAssetNameBreaksTheGuidesRules_ShouldBeAValidationErrorAndStoreNothing(string name)
    {
        var published = await PublishAsync(name, "1.0.0", Encoding.UTF8.GetBytes("content"));

        Assert.True(published.ExitCode != 0, published.ToString());
        Assert.Contains("(ValidationException)", published.StandardError, StringComparison.Ordinal);
        Assert.Contains("at 'assetName' failed to satisfy constraint", published.StandardError, StringComparison.Ordinal);
        var packages = await Stack.AwsJsonAsync("codeartifact", "list-packages", "--domain", Domain, "--repository", Repo);
        Assert.Equal(0, packages.GetProperty("packages").GetArrayLength());
        var blobs = Path.Combine(Stack.DataFolder, "blobs");
        Assert.False(Directory.Exists(blobs) && Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Any());
    }

    /// <summary>
    /// A Unicode name AWS allows publishes, is listed as sent, and downloads with the aws CLI (it used to answer
    /// HTTP 500: Kestrel refuses a non-ASCII header value). The CLI prints the header as sent: percent-encoded UTF-8.
    /// </summary>
    [Fact]
    public async Task GetPackageVersionAsset_WhenTheAssetNameIsUnicode_ShouldDownloadItWithAPercentEncodedAssetName()
    {
        var content = Encoding.UTF8.GetBytes("unicode asset\n");
        var published = await PublishAsync(UnicodeName, "1.0.0", content);
        Assert.True(published.ExitCode == 0, published.ToString());

        string[] coordinates = ["--domain", Domain, "--repository", Repo, "--format", "generic", "--namespace", "team", "--package", "tool", "--package-version", "1.0.0"];
        var assets = await Stack.AwsJsonAsync(["codeartifact", "list-package-version-assets", .. coordinates]);
        Assert.Equal(UnicodeName, Assert.Single(assets.GetProperty("assets").EnumerateArray()).GetProperty("name").GetString());

        var target = Work.File("downloaded.bin");
        var downloaded = await Stack.AwsJsonAsync(["codeartifact", "get-package-version-asset", .. coordinates, "--asset", UnicodeName, target]);
        Assert.Equal(content, await File.ReadAllBytesAsync(target));
        var shown = downloaded.GetProperty("assetName").GetString()!;
        Assert.Equal(InputRules.ResponseHeader(UnicodeName), shown);
        Assert.Equal(UnicodeName, Uri.UnescapeDataString(shown));
        Assert.Equal("1.0.0", downloaded.GetProperty("packageVersion").GetString());
    }

    /// <summary>
    /// Seeded property test through boto3: hostile names (separators, encoded dot-dot, control characters, NUL, 300
    /// characters, NFC and NFD forms) are each refused with 400 ValidationException or stored and served back byte
    /// for byte under the same name; never a 500, and nothing is written outside the data folder.
    /// </summary>
    [Fact]
    public async Task PublishAndDownload_ForSeededHostileNames_ShouldRefuseWith400OrServeBackByteForByte()
    {
        var random = new Random(14);
        var names = new List<string>
        {
            ".", "..", "../x", "..\\x", "%2e%2e", "%2E%2E%2Fx", "a\0b", "\0", new string('a', 300), new string('b', 255),
            "Ünïcödé".Normalize(NormalizationForm.FormC), "Ünïcödé".Normalize(NormalizationForm.FormD), UnicodeName, "x\r\ny", "a\u202Eb",
        };
        while (names.Count < 120)
        {
            names.Add(RandomName(random));
        }

        // A stack of its own whose data folder is the only entry of a folder nothing else writes to: anything written
        // beside the data folder (a name used as a path) would show up there.
        using var root = new TempFolder();
        var dataFolder = Path.Combine(root.Path, "data");
        await using var stack = await LocalStackHarness.StartAsync(dataFolder);
        var casesPath = Work.File("cases.json");
        await File.WriteAllTextAsync(casesPath, JsonSerializer.Serialize(names), new UTF8Encoding(false));
        var script = OutputFile.Path("CodeArtifact", "Scripts", "asset_names.py");
        var results = (await PythonClientScript.RunJsonAsync(script, [stack.Endpoint, casesPath], TimeSpan.FromMinutes(4))).EnumerateArray().ToList();

        Assert.Equal(names.Count, results.Count);
        var accepted = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var result = results[i];
            var label = $"case {i} '{Escape(names[i])}': {result}";
            if (result.GetProperty("code").ValueKind == JsonValueKind.Null)
            {
                accepted++;
                Assert.True(Oracle(names[i]), label);
                Assert.Equal(200, result.GetProperty("status").GetInt32());
                Assert.Equal(names[i], result.GetProperty("name").GetString());
                Assert.True(result.GetProperty("same").GetBoolean(), label);
            }
            else
            {
                Assert.False(Oracle(names[i]), label);
                Assert.Equal(400, result.GetProperty("status").GetInt32());
                Assert.Equal("ValidationException", result.GetProperty("code").GetString());
            }
        }

        Assert.InRange(accepted, 3, names.Count - 10);
        Assert.Equal([dataFolder], Directory.EnumerateFileSystemEntries(root.Path).ToArray());
        foreach (var file in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
        {
            // Nothing under the data folder is named after an asset: content is stored by hash.
            Assert.DoesNotContain(names.Where(n => n.Length > 3 && Oracle(n)), n => Path.GetFileName(file).Contains(n, StringComparison.Ordinal));
        }
    }

    private Task<ProcessResult> PublishAsync(string name, string version, byte[] content)
    {
        var file = Work.File($"content-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, content);
        return Stack.AwsAsync([
            "codeartifact", "publish-package-version", "--domain", Domain, "--repository", Repo, "--format", "generic",
            "--namespace", "team", "--package", "tool", "--package-version", version,
            "--asset-content", file, "--asset-name", name, "--asset-sha256", Convert.ToHexStringLower(SHA256.HashData(content))]);
    }

    /// <summary>The guide's rules, stated independently of <see cref="InputRules"/>: what a valid name is.</summary>
    private static bool Oracle(string name)
    {
        if (name.Length is 0 or > 255 || name is "." or ".." || name.StartsWith(' ') || name.EndsWith(' ') || name.Contains("  ", StringComparison.Ordinal))
        {
            return false;
        }

        // RandomName never produces a lone surrogate, so every rune here is a real character.
        return name.EnumerateRunes().All(r => r.Value == ' '
            || (r.IsBmp && "~!@^&()-_+[]{};,.".Contains((char)r.Value, StringComparison.Ordinal))
            || Rune.GetUnicodeCategory(r) is UnicodeCategory.LowercaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.LetterNumber or UnicodeCategory.DecimalDigitNumber);
    }

    private static readonly string[] Pieces =
    [
        "a", "Z", "7", "é", "e\u0301", "ß", "名", "файл", "٣", "Ⅻ", "ǅ", "ʰ", "\U0001F600", "\U0001D400", ".", "..", " ", "  ", "/", "\\", "%2e", "%2f",
        "%00", "#", "?", "&", "=", "+", ";", ",", "~", "!", "@", "^", "(", ")", "[", "]", "{", "}", "-", "_", ":", "*", "\"", "'", "<", ">", "|",
        "\0", "\u0001", "\t", "\n", "\u007f", "\u0085", "\u00a0", "\u200b", "\u202e", "\ufeff", "\u3000",
    ];

    private static string RandomName(Random random)
    {
        if (random.Next(40) == 0)
        {
            return new string('n', 250 + random.Next(60));
        }

        var builder = new StringBuilder();
        var count = 1 + random.Next(8);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        var name = builder.ToString();
        return random.Next(3) switch
        {
            0 => name.Normalize(NormalizationForm.FormC),
            1 => name.Normalize(NormalizationForm.FormD),
            _ => name,
        };
    }

    private static string Escape(string value) =>
        string.Concat(value.Select(c => c < ' ' || c > '~' ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString()));
}
