namespace Governance.Local.Npm;

/// <summary>An npm package name split the way CodeArtifact stores it: <c>@scope/name</c> → namespace <c>scope</c>.</summary>
public sealed record NpmPackageName(string? Scope, string Name)
{
    public string FullName => Scope is null ? Name : $"@{Scope}/{Name}";

    public static NpmPackageName Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (!text.StartsWith('@'))
        {
            return new NpmPackageName(null, text);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 2 || slash == text.Length - 1)
        {
            throw new FormatException($"scoped npm package name '{text}' must look like @scope/name");
        }

        return new NpmPackageName(text[1..slash], text[(slash + 1)..]);
    }
}
