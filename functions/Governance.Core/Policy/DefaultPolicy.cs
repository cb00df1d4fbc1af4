namespace Governance.Core.Policy;

/// <summary>
/// The built-in default policy: the repository's governance.yaml, embedded in the assembly at build time (the
/// csproj links the very file, so the two cannot drift). Used when no policy file is given, and for keys a policy
/// file leaves out.
/// </summary>
public static class DefaultPolicy
{
    public const string SourceName = "built-in default (governance.yaml)";

    private static readonly Lazy<string> EmbeddedText = new(ReadEmbedded);
    private static readonly Lazy<GovernancePolicy> Loaded = new(LoadEmbedded);

    /// <summary>The YAML text of the default policy.</summary>
    public static string Text => EmbeddedText.Value;

    public static GovernancePolicy Policy => Loaded.Value;

    private static string ReadEmbedded()
    {
        using var stream = typeof(DefaultPolicy).Assembly.GetManifestResourceStream("Governance.Core.Policy.default-governance.yaml")
            ?? throw new InvalidOperationException("The embedded default policy is missing from Governance.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static GovernancePolicy LoadEmbedded()
    {
        var result = PolicyLoader.LoadFromText(Text, SourceName, defaults: null);
        return result.Policy ?? throw new InvalidOperationException(
            "The embedded default policy is invalid: " + string.Join("; ", result.Errors));
    }
}
