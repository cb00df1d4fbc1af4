namespace Governance.Local.CodeArtifact;

/// <summary>The external connections CodeArtifact offers (botocore model) and the package format each serves.</summary>
public static class ExternalConnections
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["public:npmjs"] = "npm",
        ["public:nuget-org"] = "nuget",
        ["public:pypi"] = "pypi",
        ["public:maven-central"] = "maven",
        ["public:maven-googleandroid"] = "maven",
        ["public:maven-gradleplugins"] = "maven",
        ["public:maven-commonsware"] = "maven",
        ["public:maven-clojars"] = "maven",
        ["public:ruby-gems-org"] = "ruby",
        ["public:crates-io"] = "cargo",
    };

    public static string? FormatOf(string name) => Known.GetValueOrDefault(name);
}
