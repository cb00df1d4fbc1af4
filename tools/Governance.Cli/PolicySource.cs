using Governance.Core.Policy;

namespace Governance.Cli;

/// <summary>
/// Finds the policy a command uses: the file given, else ./governance.yaml when present, else the built-in default.
/// </summary>
internal static class PolicySource
{
    public const string DefaultFileName = "governance.yaml";

    public static PolicyLoadResult Resolve(string? path)
    {
        if (path is not null)
        {
            return PolicyLoader.Load(path);
        }
        var local = Path.Combine(Environment.CurrentDirectory, DefaultFileName);
        return File.Exists(local) ? PolicyLoader.Load(DefaultFileName) : new PolicyLoadResult(DefaultPolicy.Policy, []);
    }

    public static void WriteErrors(TextWriter err, PolicyLoadResult result)
    {
        foreach (var error in result.Errors)
        {
            err.WriteLine(error.ToString());
        }
    }
}
