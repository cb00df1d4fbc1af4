using System.Text;
using CsCheck;
using Governance.Core.Policy;
using static Governance.Core.Tests.Properties.PolicyDocumentProperties;

namespace Governance.Core.Tests.Properties;

/// <summary>
/// Issue 15, point 2: deny entries naming packages by every purl type users write (typos included), with namespaces
/// and names that CodeArtifact can and cannot hold. An entry that is accepted names exactly the package a reference
/// decoding written here says; one that could never match is refused at its line.
/// </summary>
public class PolicyPackageUrlProperties
{
    // ---------------------------------------------------------------- package URLs

    private static readonly string[] Types =
        ["npm", "pypi", "maven", "nuget", "generic", "gem", "ruby", "swift", "cargo", "NPM", "Maven", "nmp", "pipy", "pypy", "mvn", "nugget", "gems", "rubygems", "crate", "npmjs", "rpm", ""];

    private static readonly string[] Namespaces = ["", "acme", "%40acme", "@acme", "org.example", "a%2Fb", "a%20b", "%2e%2e", "x%23y", "caf%C3%A9"];

    private static readonly string[] Names = ["left-pad", "Requests", "ui-kit", "a%2Fb", "%2e%2e", "a%20b", "x%23y", "e%CC%81", "caf%C3%A9", new('n', 256), "%E2%80%AE"];

    private static readonly string[] KnownFormats = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"];

    /// <summary>
    /// What a purl names in CodeArtifact's terms, or null when it can name no package CodeArtifact can hold: an
    /// unknown type, a namespace where the format has none (PyPI, NuGet, Ruby, Cargo) or none where it needs one
    /// (Maven, Swift, generic), or a namespace or name outside CodeArtifact's rule (1..255 characters of [^#/\s]).
    /// </summary>
    private static (string Format, string? Namespace, string Name)? Named(string type, string ns, string name)
    {
        var format = string.Equals(type, "gem", StringComparison.OrdinalIgnoreCase) ? "ruby" : type.ToLowerInvariant();
        if (!KnownFormats.Contains(format))
        {
            return null;
        }
        var decodedNs = ns.Length == 0 ? null : Uri.UnescapeDataString(ns);
        if (format == "npm" && decodedNs is not null)
        {
            decodedNs = decodedNs.TrimStart('@');
        }
        var decodedName = Uri.UnescapeDataString(name);
        var needsNamespace = format is "maven" or "swift" or "generic";
        var hasNoNamespace = format is "pypi" or "nuget" or "ruby" or "cargo";
        if ((needsNamespace && decodedNs is null) || (hasNoNamespace && decodedNs is not null))
        {
            return null;
        }
        static bool Valid(string text) => text.Length is >= 1 and <= 255 && !text.Any(c => c is '#' or '/' || char.IsWhiteSpace(c));
        return (decodedNs is null || Valid(decodedNs)) && Valid(decodedName) ? (format, decodedNs, decodedName) : null;
    }

    [Fact]
    public void Load_WhenADenyEntryNamesAnyPackageUrl_ShouldMatchWhatItNamesOrRefuseAtItsLine()
    {
        var entry = Gen.Select(Gen.OneOf(Types), Gen.OneOf(Namespaces), Gen.OneOf(Names), Gen.Bool);
        entry.Array[1, 4].Sample(entries =>
        {
            var yaml = new StringBuilder("mode: enforce\ndenyList:\n");
            foreach (var (type, ns, name, quoted) in entries)
            {
                var purl = $"pkg:{type}/{(ns.Length == 0 ? "" : ns + "/")}{name}";
                yaml.Append("  - package: ").Append(quoted ? $"\"{purl}\"" : purl).Append("\n    reason: incident\n");
            }

            var result = TimedLoad(yaml.ToString());

            for (var i = 0; i < entries.Length; i++)
            {
                var (type, ns, name, _) = entries[i];
                var expected = Named(type, ns, name);
                var errors = result.Errors.Where(e => e.Key == $"denyList[{i}].package").ToList();
                if (expected is null)
                {
                    var error = Assert.Single(errors);
                    Assert.Equal(3 + (2 * i), error.Line);
                    Assert.Contains("pkg:", error.Message, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Empty(errors);
                    if (result.Success)
                    {
                        var matcher = result.Policy.DenyList[i].Package;
                        Assert.Equal(expected, (matcher.Format, matcher.Namespace, matcher.Name));
                    }
                }
            }
            Assert.Equal(entries.All(e => Named(e.Item1, e.Item2, e.Item3) is not null), result.Success);
        }, iter: 3_000);
    }

    // ---------------------------------------------------------------- cases this property found (issue 15)

    [Theory]
    [InlineData("pkg:pypi/acme/requests", "has a namespace, and pypi packages have none")]
    [InlineData("pkg:gem/acme/rails", "has a namespace, and ruby packages have none")]
    [InlineData("pkg:maven/commons-lang3", "has no namespace, and every maven package has one")]
    [InlineData("pkg:generic/secret-mission", "has no namespace, and every generic package has one")]
    [InlineData("pkg:npm/a%2Fb", "has a name holding U+002F")]
    [InlineData("pkg:generic/a/b/c", "has a namespace holding U+002F")]
    [InlineData("pkg:npm/a%20b", "has a name holding U+0020")]
    public void Load_WhenAPackageUrlCanNameNoCodeArtifactPackage_ShouldRefuseItAtItsLine(string purl, string problem)
    {
        var result = TimedLoad($"denyList:\n  - package: \"{purl}\"\n    reason: incident\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("denyList[0].package", 2), (error.Key, error.Line));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAPackageNameIsLongerThan255Characters_ShouldRefuseIt()
    {
        var error = Assert.Single(TimedLoad($"denyList:\n  - package: pkg:npm/{new string('n', 256)}\n    reason: incident\n").Errors);
        Assert.Contains("a name of 256 characters; CodeArtifact allows 1 to 255", error.Message, StringComparison.Ordinal);
    }
}
