namespace Governance.Cli;

/// <summary>
/// A small, strict option parser for the subcommands: <c>--name value</c> or <c>--name=value</c>, flags, repeated
/// options and positionals. Unknown options are usage errors, so a typo never silently changes a verdict.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public string? Error { get; private set; }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                parsed.Positionals.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (flagOptions.Contains(name) && eq < 0)
            {
                parsed._flags.Add(name);
                continue;
            }
            if (!valueOptions.Contains(name))
            {
                parsed.Error ??= $"unknown option '{name}'";
                continue;
            }
            string? value = eq > 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : null;
            if (value is null)
            {
                parsed.Error ??= $"option '{name}' needs a value";
                continue;
            }
            if (!parsed._values.TryGetValue(name, out var list))
            {
                parsed._values[name] = list = [];
            }
            list.Add(value);
        }
        return parsed;
    }

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public bool Flag(string name) => _flags.Contains(name);
}
