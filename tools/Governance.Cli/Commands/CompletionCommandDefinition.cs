using System.CommandLine;

namespace Governance.Cli.Commands;

/// <summary>
/// <c>governance completion bash</c>: prints a bash completion script. The script asks the program itself through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completion always knows the commands, options and
/// option values of the build it runs.
/// </summary>
internal static class CompletionCommandDefinition
{
    /// <summary>
    /// The line is handed over with the program's own name first (whatever path or name it was typed with), and the
    /// cursor position moved to match; each suggestion is one line.
    /// </summary>
    public const string BashScript = """
        # bash completion for governance. Enable it with:  source <(governance completion bash)
        _governance_complete()
        {
            local program=${COMP_WORDS[0]}
            local rest=${COMP_LINE#*"$program"}
            local typed=$(( ${#COMP_LINE} - ${#rest} ))
            local point=$(( COMP_POINT - typed + 10 ))
            local word=${COMP_WORDS[COMP_CWORD]} suggestion
            COMPREPLY=()
            while IFS= read -r suggestion; do
                # The directive also offers words that merely contain the typed one; bash wants those that start with it.
                [[ $suggestion == "$word"* ]] && COMPREPLY+=("$suggestion")
            done < <("${program/#\~/$HOME}" "[suggest:$point]" "governance$rest" 2>/dev/null)
        }
        complete -o default -F _governance_complete governance
        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "The shell to complete in: bash." };
        shell.CompletionSources.Add("bash");
        shell.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && name != "bash")
            {
                result.AddError($"SHELL must be bash, not '{name}' (other shells: see the [suggest] directive in README.md)");
            }
        });
        var completion = new Command("completion",
            "Print the shell completion script for governance; enable it with: source <(governance completion bash)")
        {
            shell,
        };
        completion.SetAction(result => result.InvocationConfiguration.Output.WriteLine(BashScript));
        return completion;
    }
}
