using System.Globalization;
using System.Text;
using Governance.Core.Packages;

namespace Governance.Core.Review;

/// <summary>The waiver YAML a finding's remedy proposes: ready to paste under <c>waivers:</c> in governance.yaml.</summary>
public static class RemedyText
{
    /// <summary>The default lifetime of a proposed waiver: long enough to fix properly, short enough to be revisited.</summary>
    public static readonly TimeSpan DefaultWaiverLifetime = TimeSpan.FromDays(90);

    public static string Waiver(PackageVersionId id, string ruleId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(id);
        var expires = now.UtcDateTime.Add(DefaultWaiverLifetime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        builder.Append("waivers:\n");
        builder.Append("  - package: ").Append(Quote(PackageUrl.ForPackage(id.Format, id.Namespace, id.Name))).Append('\n');
        builder.Append("    version: ").Append(Quote(id.Version)).Append('\n');
        builder.Append("    rule: ").Append(ruleId).Append('\n');
        builder.Append("    reason: \"<why this exception is acceptable, and who approved it>\"\n");
        builder.Append("    expires: ").Append(expires);
        return builder.ToString();
    }

    // Package names and versions are untrusted text: a double-quoted YAML scalar with escapes keeps any character
    // from changing the YAML structure.
    internal static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }
}
