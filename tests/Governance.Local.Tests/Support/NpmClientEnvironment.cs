namespace Governance.Local.Tests.Support;

/// <summary>The environment and .npmrc that keep the real npm client's cache, config and registry inside one test folder.</summary>
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

    /// <summary>Creates <paramref name="folder"/> with an .npmrc that sends npm to <paramref name="registry"/> with the token, as the user guide's npm setup does.</summary>
    public static async Task WriteNpmrcAsync(string folder, string registry, string token)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, ".npmrc"), $"registry={registry}\n{registry["http:".Length..]}:_authToken={token}\n");
    }
}
