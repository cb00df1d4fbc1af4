using System.Diagnostics.CodeAnalysis;

namespace Governance.Core.Licenses;

/// <summary>
/// Maps deprecated SPDX ids to their current form. Most GNU ids gained an explicit <c>-only</c> / <c>-or-later</c>;
/// the <c>-with-…-exception</c> ids became <c>WITH</c> expressions; a few ids were renamed.
/// </summary>
internal static class DeprecatedIds
{
    private static readonly Dictionary<string, string> Replacements = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPL-2.0-with-GCC-exception"] = "GPL-2.0-or-later WITH GCC-exception-2.0",
        ["GPL-2.0-with-autoconf-exception"] = "GPL-2.0-or-later WITH Autoconf-exception-2.0",
        ["GPL-2.0-with-bison-exception"] = "GPL-2.0-or-later WITH Bison-exception-2.2",
        ["GPL-2.0-with-classpath-exception"] = "GPL-2.0-only WITH Classpath-exception-2.0",
        ["GPL-2.0-with-font-exception"] = "GPL-2.0-only WITH Font-exception-2.0",
        ["GPL-3.0-with-GCC-exception"] = "GPL-3.0-only WITH GCC-exception-3.1",
        ["GPL-3.0-with-autoconf-exception"] = "GPL-3.0-only WITH Autoconf-exception-3.0",
        ["BSD-2-Clause-FreeBSD"] = "BSD-2-Clause",
        ["BSD-2-Clause-NetBSD"] = "BSD-2-Clause",
        ["Nunit"] = "zlib-acknowledgement",
        ["StandardML-NJ"] = "SMLNJ",
        ["bzip2-1.0.5"] = "bzip2-1.0.6",
        ["eCos-2.0"] = "GPL-2.0-or-later WITH eCos-exception-2.0",
        ["wxWindows"] = "GPL-2.0-or-later WITH WxWindows-exception-3.1",
    };

    /// <summary>Replaces <paramref name="id"/> when the SPDX list marks it deprecated and a current form is known.</summary>
    public static bool TryReplace(string id, SpdxLicenseList list, [NotNullWhen(true)] out SpdxExpression? replacement)
    {
        replacement = null;
        if (!list.TryGetLicense(id, out var info) || !info.Deprecated)
        {
            return false;
        }
        if (Replacements.TryGetValue(info.Id, out var text))
        {
            replacement = Build(text, list);
            return true;
        }
        // GNU family: GPL-2.0+ → GPL-2.0-or-later, GPL-2.0 → GPL-2.0-only (same for LGPL, AGPL, GFDL).
        var baseId = info.Id.EndsWith('+') ? info.Id[..^1] + "-or-later" : info.Id + "-only";
        if (list.TryGetLicense(baseId, out var current))
        {
            replacement = new SpdxLicenseReference(current.Id, OrLater: false, IsListed: true);
            return true;
        }
        return false;
    }

    /// <summary><c>X-only</c> with '+' means <c>X-or-later</c>; other ids keep the '+' flag.</summary>
    public static SpdxLicenseReference OrLaterOf(SpdxLicenseReference license, SpdxLicenseList list)
    {
        if (license.Id.EndsWith("-only", StringComparison.Ordinal)
            && list.TryGetLicense(license.Id[..^"-only".Length] + "-or-later", out var later))
        {
            return new SpdxLicenseReference(later.Id, OrLater: false, IsListed: true);
        }
        return license with { OrLater = true };
    }

    private static SpdxExpression Build(string text, SpdxLicenseList list)
    {
        var parts = text.Split(" WITH ");
        list.TryGetLicense(parts[0], out var license);
        var reference = new SpdxLicenseReference(license?.Id ?? parts[0], OrLater: false, IsListed: license is not null);
        if (parts.Length == 1)
        {
            return reference;
        }
        var exception = list.CanonicalExceptionId(parts[1]);
        return new SpdxWith(reference, exception ?? parts[1], exception is not null);
    }
}
