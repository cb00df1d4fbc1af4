using System.CommandLine;
using System.CommandLine.Parsing;
using Governance.Core.Messages;

namespace Governance.Cli.Commands;

/// <summary>
/// Reports a command line that does not parse: one line per problem on stderr, each naming the command, option or
/// argument at fault (with the closest match for a misspelled command or option), then where to find the usage.
/// A command with <c>--json</c> on its line also gets the first problem as a JSON error object on stdout, so a script
/// reading stdout always gets a document. Exit code 2.
/// </summary>
internal static class UsageErrorReport
{
    public static int Write(ParseResult result, TextWriter stdout, TextWriter stderr)
    {
        var command = result.CommandResult.Command;
        var path = CommandHelp.PathOf(command);
        // System.CommandLine reports each unmatched token as "Unrecognized command or argument 'x'." on the command;
        // those are said again here, naming what kind of word it was and the closest one that exists.
        var problems = result.UnmatchedTokens.Select(token => Unmatched(token, command))
            .Concat(result.Errors.Where(error => !IsUnmatchedToken(error, result)).Select(error => error.Message))
            .ToList();
        foreach (var problem in problems)
        {
            // The tokens come from the command line, which may come from anywhere: escapes, not terminal controls.
            stderr.WriteLine($"{path}: {UntrustedText.Visible(problem)}");
        }
        stderr.WriteLine($"Run '{path} --help' for usage.");
        if (JsonRequested(result, command))
        {
            JsonErrorDocument.Write(stdout, JsonErrorDocument.UsageCode, problems[0], []);
        }
        return CliApp.UsageExitCode;
    }

    /// <summary>
    /// A word that looks like an option stays an unknown option when it lands in a positional argument (System.CommandLine
    /// would take <c>policy validate --strict</c> as the file <c>--strict</c>): refused, naming the closest option.
    /// </summary>
    public static void RefuseOptionLookalikes(Argument argument, Command command)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith("--", StringComparison.Ordinal) && t.Value.Length > 2))
            {
                result.AddError(Unmatched(token.Value, command));
            }
        });
    }

    private static bool IsUnmatchedToken(ParseError error, ParseResult result) =>
        error.SymbolResult is CommandResult && result.UnmatchedTokens.Any(token => error.Message.EndsWith($"'{token}'.", StringComparison.Ordinal));

    private static string Unmatched(string token, Command command)
    {
        if (token.StartsWith('-') && token.Length > 1)
        {
            // --colour=red is the unknown option --colour.
            var name = token.Split('=', ':')[0];
            var options = command.Options.Concat(RecursiveOptions(command)).Where(o => !o.Hidden).Select(o => o.Name).Distinct();
            return $"unknown option '{name}'{DidYouMean(name, options)}";
        }
        return command.Subcommands.Count > 0
            ? $"unknown command '{token}'{DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}"
            : $"unexpected argument '{token}'";
    }

    private static IEnumerable<Option> RecursiveOptions(Command command) =>
        command.Parents.OfType<Command>().SelectMany(parent => parent.Options.Where(o => o.Recursive).Concat(RecursiveOptions(parent)));

    private static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var closest = TypoSuggestions.Closest(typed, candidates);
        return closest.Count == 0 ? "" : $"; did you mean {string.Join(" or ", closest.Select(c => $"`{c}`"))}?";
    }

    private static bool JsonRequested(ParseResult result, Command command) =>
        command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name == "--json") is { } json
        && result.GetResult(json) is { } given && !given.Errors.Any()
        && result.GetValue(json);
}
