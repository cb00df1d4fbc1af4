namespace Governance.Local.Tests.TestSupport;

/// <summary>The environment that keeps the real npm client's cache and config inside one test folder.</summary>
public static class NpmClientEnvironment
{
    public static Dictionary<string, string> For(string folder) => new(StringComparer.Ordinal)
    {
        ["npm_config_cache"] = Path.Combine(folder, ".npm-cache"),
        ["npm_config_userconfig"] = Path.Combine(folder, ".npmrc"),
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
    };
}
