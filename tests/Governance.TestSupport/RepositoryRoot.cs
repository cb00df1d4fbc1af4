namespace Governance.TestSupport;

/// <summary>The repository the tests were built from: deployment files, docs and scripts are checked as they are.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string File(params string[] relativeParts) => System.IO.Path.Combine([Path, .. relativeParts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Governance.sln"))
                && System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "template.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No directory above {AppContext.BaseDirectory} holds Governance.sln and template.yaml: run the tests from the repository.");
    }
}
