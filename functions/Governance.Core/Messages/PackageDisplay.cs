using Governance.Core.Packages;
using Governance.Core.Review;

namespace Governance.Core.Messages;

/// <summary>How people write a package's name in each ecosystem: <c>@acme/ui-kit</c>, <c>org.example:lib</c>, <c>ns/name</c>.</summary>
public static class PackageDisplay
{
    public static string Name(string format, string? ns, string name) => ns is null
        ? name
        : format switch
        {
            PackageFormats.Npm => $"@{ns}/{name}",
            PackageFormats.Maven => $"{ns}:{name}",
            _ => $"{ns}/{name}",
        };

    public static string Name(VerdictPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return Name(package.Format, package.Namespace, package.Name);
    }
}
