namespace Governance.Core.Evidence;

/// <summary>Where a license the review used came from.</summary>
public enum LicenseSource
{
    /// <summary>CodeArtifact's license metadata (DescribePackageVersion).</summary>
    Metadata,
    /// <summary>The <c>&lt;licenses&gt;</c> of a Maven parent POM, followed through the repository.</summary>
    ParentPom,
    /// <summary>A license text inside the archive (LICENSE, COPYING, META-INF/LICENSE…) matched to an SPDX text.</summary>
    LicenseFile,
    /// <summary>A manifest inside the archive (package.json <c>license</c>, PKG-INFO <c>License</c>, .nuspec).</summary>
    PackageManifest,
}

/// <summary>One license the review found outside CodeArtifact's metadata.</summary>
/// <param name="License">An SPDX id (a matched text) or the license string as declared (a manifest, a parent POM).</param>
/// <param name="Location">Which file: <c>org.apache:apache:23</c> (a parent POM), <c>META-INF/LICENSE.txt in x.jar</c>.</param>
/// <param name="Score">For a matched license text: how closely it matches the SPDX text, 0–1.</param>
public sealed record DiscoveredLicense(LicenseSource Source, string License, string Location, double? Score);

/// <summary>
/// What reading the artifact said about its license, when CodeArtifact's metadata had none (or none recognised):
/// the licenses found, and notes on what could not be read (a bound that stopped an archive, a parent POM cycle,
/// a text below the match threshold) so the message can say why a license stayed missing.
/// </summary>
public sealed record LicenseDiscovery(IReadOnlyList<DiscoveredLicense> Found, IReadOnlyList<string> Notes)
{
    public static LicenseDiscovery None { get; } = new([], []);
}
