using System.Text.Json;
using Governance.Core.Licenses;

namespace Governance.Core.Tests.Licenses;

public class SpdxLicenseListTests
{
    // The shipped document, read here with JsonDocument: an independent reading to hold the list's own reader against.
    private static JsonDocument ShippedDocument()
    {
        using var stream = typeof(SpdxLicenseList).Assembly.GetManifestResourceStream("Governance.Core.Licenses.spdx-licenses.json");
        Assert.NotNull(stream);
        return JsonDocument.Parse(stream);
    }

    [Fact]
    public void Default_WhenLoaded_ShouldHaveTheCountsTheDocumentStates()
    {
        using var document = ShippedDocument();
        var counts = document.RootElement.GetProperty("counts");
        var licenses = SpdxLicenseList.Default.Licenses.ToList();

        Assert.Equal(counts.GetProperty("licenses").GetInt32(), licenses.Count);
        Assert.Equal(counts.GetProperty("deprecated").GetInt32(), licenses.Count(l => l.Deprecated));
        Assert.Equal(counts.GetProperty("osi").GetInt32(), licenses.Count(l => l.OsiApproved));
        Assert.Equal(counts.GetProperty("exceptions").GetInt32(), SpdxLicenseList.Default.ExceptionCount);
    }

    [Fact]
    public void Default_WhenLoaded_ShouldCarryEveryEntryOfTheDocument()
    {
        using var document = ShippedDocument();
        foreach (var entry in document.RootElement.GetProperty("licenses").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            Assert.True(SpdxLicenseList.Default.TryGetLicense(id, out var license), id);
            Assert.Equal(id, license.Id);
            var name = entry.GetProperty("name");
            Assert.Equal(name.ValueKind == JsonValueKind.Null ? id : name.GetString(), license.Name);
            Assert.Equal(entry.GetProperty("deprecated").ValueKind == JsonValueKind.True, license.Deprecated);
            Assert.Equal(entry.GetProperty("osiApproved").ValueKind == JsonValueKind.True, license.OsiApproved);
        }
        foreach (var entry in document.RootElement.GetProperty("exceptions").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            Assert.Equal(id, SpdxLicenseList.Default.CanonicalExceptionId(id.ToUpperInvariant()));
        }
    }

    [Theory]
    [InlineData("mit", "MIT", false, true)]
    [InlineData("gpl-2.0", "GPL-2.0", true, true)]
    [InlineData("GPL-2.0-ONLY", "GPL-2.0-only", false, true)]
    [InlineData("ecos-2.0", "eCos-2.0", true, false)]
    [InlineData("apache-2.0", "Apache-2.0", false, true)]
    public void TryGetLicense_WhenIdIsListedInAnyCase_ShouldGiveCanonicalIdAndFlags(string asked, string canonical, bool deprecated, bool osi)
    {
        Assert.True(SpdxLicenseList.Default.TryGetLicense(asked, out var license));
        Assert.Equal(canonical, license.Id);
        Assert.Equal(deprecated, license.Deprecated);
        Assert.Equal(osi, license.OsiApproved);
    }

    [Fact]
    public void TryGetLicense_WhenIdIsNotListed_ShouldReturnFalse()
    {
        Assert.False(SpdxLicenseList.Default.TryGetLicense("Not-A-License-1.0", out _));
        Assert.Null(SpdxLicenseList.Default.CanonicalExceptionId("Not-An-exception"));
        Assert.Equal("LLVM-exception", SpdxLicenseList.Default.CanonicalExceptionId("llvm-EXCEPTION"));
    }

    [Theory]
    [InlineData("""{"licenses": [{"name": "no id"}], "exceptions": []}""", "no \"id\"")]
    [InlineData("""{"licenses": [{"id": "A"}], "exceptions": [{"id": 3}]}""", "expected a string")]
    [InlineData("""{"licenses": ["MIT"]}""", "only objects")]
    public void Parse_WhenDocumentIsMalformed_ShouldSayWhatIsWrong(string json, string problem)
    {
        var error = Assert.ThrowsAny<Exception>(() => SpdxLicenseList.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenDocumentIsCutShort_ShouldThrowJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => SpdxLicenseList.Parse("""{"licenses": [{"id": "A"}"""u8));
    }

    [Fact]
    public void Parse_WhenFieldsAreNullOrExtra_ShouldFallBackToIdAndFalse()
    {
        var list = SpdxLicenseList.Parse("""
            {"counts": {"licenses": 1}, "licenses": [{"id": "X-1", "name": null, "url": {"nested": [1, 2]}, "osiApproved": null}],
             "exceptions": [{"id": "X-exception", "deprecated": false}]}
            """u8);
        Assert.True(list.TryGetLicense("x-1", out var license));
        Assert.Equal(new SpdxLicenseInfo("X-1", "X-1", false, false), license);
        Assert.Equal("X-exception", list.CanonicalExceptionId("x-exception"));
    }
}
