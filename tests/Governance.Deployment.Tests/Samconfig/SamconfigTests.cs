using System.Globalization;
using System.Text.RegularExpressions;
using Governance.Deployment.Tests.Template;
using Governance.TestSupport;
using Tomlyn;
using Tomlyn.Model;

namespace Governance.Deployment.Tests.Samconfig;

/// <summary>samconfig.toml, read by a real TOML parser, against what SAM CLI expects and what the template declares.</summary>
public class SamconfigTests
{
    private static readonly TomlTable Config =
        TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(RepositoryRoot.File("samconfig.toml")))!;

    private static readonly SamTemplate Template = SamTemplate.LoadFromRepository();

    private static TomlTable Section(string command) =>
        (TomlTable)((TomlTable)((TomlTable)Config["default"])[command])["parameters"];

    private static Dictionary<string, string> Overrides()
    {
        var overrides = Assert.IsType<TomlArray>(Section("deploy")["parameter_overrides"]);
        return overrides.Cast<string>().Select(o => o.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    [Fact]
    public void Samconfig_WhenRead_ShouldBeVersion01WithBuildDeployAndValidateDefaults()
    {
        Assert.Equal(0.1, Convert.ToDouble(Config["version"], CultureInfo.InvariantCulture));
        Assert.NotNull(Section("build"));
        Assert.Equal(true, Section("validate")["lint"]);
    }

    [Fact]
    public void Deploy_WhenDefaulted_ShouldNameTheStackAndAskForTheCapabilitiesTheTemplateNeeds()
    {
        var deploy = Section("deploy");

        Assert.False(string.IsNullOrWhiteSpace(deploy["stack_name"] as string));
        Assert.Equal(true, deploy["confirm_changeset"]);
        Assert.Equal(true, deploy["resolve_s3"]);
        var capabilities = ((string)deploy["capabilities"]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The transform needs AUTO_EXPAND; roles without custom names need IAM (not NAMED_IAM).
        Assert.Equal(["CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM"], capabilities.Order().ToArray());
        Assert.DoesNotContain(Template.ResourcesOfType("AWS::IAM::Role"),
            role => SamTemplate.PropertiesOf(Template.Resource(role)).ContainsKey("RoleName"));
    }

    [Fact]
    public void ParameterOverrides_WhenDeployed_ShouldOnlyNameTemplateParameters()
    {
        var unknown = Overrides().Keys.Where(k => !Template.Parameters.ContainsKey(k)).ToList();

        Assert.Empty(unknown);
        Assert.NotEmpty(Overrides());
    }

    [Fact]
    public void ParameterOverrides_WhenDeployed_ShouldSatisfyEachParametersConstraints()
    {
        foreach (var (name, value) in Overrides())
        {
            var parameter = Template.Parameters[name];
            if (parameter.GetValueOrDefault("AllowedValues") is List<object?> allowed)
            {
                Assert.Contains(value, allowed.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)));
            }

            if (parameter.GetValueOrDefault("AllowedPattern") is string pattern)
            {
                Assert.Matches(new Regex(pattern), value);
            }

            if (parameter.GetValueOrDefault("MinValue") is long min)
            {
                Assert.InRange(long.Parse(value, CultureInfo.InvariantCulture), min, (long)parameter["MaxValue"]!);
            }
        }
    }

    [Fact]
    public void ParameterOverrides_WhenDeployedFirst_ShouldStartInAuditMode()
    {
        // A first deployment only reports; enforcing is a deliberate step (docs/deploy.md).
        Assert.Equal("audit", Overrides()["Mode"]);
        Assert.Equal("audit", Template.Parameters["Mode"]["Default"]);
    }
}
