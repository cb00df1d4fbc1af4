using Governance.Core.Licenses;

namespace Governance.Core.Tests.Licenses;

public class LicenseNameNormalizerTests
{
    [Theory]
    [InlineData("Apache License, Version 2.0", "Apache-2.0")]
    [InlineData("Apache 2.0", "Apache-2.0")]
    [InlineData("The Apache Software License, Version 2.0", "Apache-2.0")]
    [InlineData("The MIT License (MIT)", "MIT")]
    [InlineData("MIT License", "MIT")]
    [InlineData("BSD 3-Clause", "BSD-3-Clause")]
    [InlineData("GNU General Public License v3 (GPLv3)", "GPL-3.0-only")]
    [InlineData("License :: OSI Approved :: MIT License", "MIT")]
    [InlineData("BSD Zero Clause License", "0BSD")]
    [InlineData("(MIT OR Apache-2.0)", "MIT OR Apache-2.0")]
    [InlineData("Apache-2 OR MIT", "Apache-2.0 OR MIT")]
    public void Normalize_WhenNameIsUnambiguous_ShouldGiveSpdxExpression(string declared, string expected)
    {
        var result = LicenseNameNormalizer.Default.Normalize(declared);
        Assert.NotNull(result.Expression);
        Assert.Equal(expected, result.Expression.ToString());
    }

    [Theory]
    [InlineData("SEE LICENSE IN LICENSE.txt")]
    [InlineData("Proprietary, all rights reserved")]
    [InlineData("BSD-like, see file")]
    public void Normalize_WhenTextIsNotALicense_ShouldReportUnknownWithTheText(string declared)
    {
        var result = LicenseNameNormalizer.Default.Normalize(declared);
        Assert.Null(result.Expression);
        Assert.Contains(declared, result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BSD")]
    [InlineData("GPL")]
    public void Normalize_WhenNameIsAmbiguous_ShouldKeepItUnlisted(string declared)
    {
        var result = LicenseNameNormalizer.Default.Normalize(declared);
        Assert.NotNull(result.Expression);
        var leaf = Assert.IsType<SpdxLicenseReference>(result.Expression);
        Assert.False(leaf.IsListed);
    }
}
