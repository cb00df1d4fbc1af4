using System.CommandLine;
using System.CommandLine.Parsing;

namespace Governance.Cli.Commands;

/// <summary><c>governance check</c>: its arguments, their validation, and the mapping to <see cref="CheckCommand"/>.</summary>
internal static class CheckCommandDefinition
{
    public static Command Create(TimeProvider clock)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The artifact to evaluate. A pipe or FIFO works; - reads standard input.",
        };
        var format = new Option<string>("--format")
        {
            Description = "The package format the artifact is checked as (any case).",
            HelpName = string.Join('|', CheckCommand.Formats),
            Required = true,
        };
        format.CompletionSources.Add([.. CheckCommand.Formats]);
        format.Validators.Add(result => Refuse(result, result.GetValueOrDefault<string>() is { } f && !CheckCommand.Formats.Contains(f.ToLowerInvariant())
            ? $"--format '{f}' is not one of {string.Join(", ", CheckCommand.Formats)}"
            : null));
        var ns = new Option<string>("--namespace") { Description = "The package's namespace (Maven groupId, npm scope without @).", HelpName = "NS" };
        var name = new Option<string>("--name") { Description = "The package name (default: the file name without its extension; stdin for -).", HelpName = "N" };
        var version = new Option<string>("--version") { Description = "The package version (default: 0.0.0-local).", HelpName = "V" };
        var license = new Option<string[]>("--license")
        {
            Description = "A declared license expression (SPDX); repeat for several. Without it the license is read from the archive.",
            HelpName = "EXPR",
        };
        license.Validators.Add(result => Refuse(result, result.GetValueOrDefault<string[]>()?.Any(string.IsNullOrWhiteSpace) == true
            ? "--license must not be empty (leave it out when the package declares no license)"
            : null));
        var sha256 = new Option<string>("--sha256") { Description = "The SHA-256 CodeArtifact would have recorded; the file's own digest must equal it.", HelpName = "HEX" };
        sha256.Validators.Add(result => Refuse(result, result.GetValueOrDefault<string>() is { } sha && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
            ? $"--sha256 must be 64 hexadecimal characters, got '{sha}'"
            : null));
        var policy = new Option<string>("--policy") { Description = "The policy file (default: ./governance.yaml, else the built-in default policy).", HelpName = "FILE" };
        var intel = new Option<string>("--intel")
        {
            Description = "Ask an OSV-compatible API (e.g. https://api.osv.dev) about the version; offline without it.",
            HelpName = "URL",
        };
        intel.Validators.Add(result => Refuse(result, result.GetValueOrDefault<string>() is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                ? $"--intel must be the base URL of an OSV-compatible API (http or https), e.g. https://api.osv.dev; got '{url}'"
                : null));
        var json = new Option<bool>("--json") { Description = "Write the verdict, or an error, as one JSON document on stdout." };

        var command = new Command("check",
            "Evaluate the policy on a local artifact, offline, as the review would once it were published. " +
            "Exit 0 pass, 1 would be quarantined, 2 usage, unreadable file or policy error.")
        {
            file, format, ns, name, version, license, sha256, policy, intel, json,
        };
        UsageErrorReport.RefuseOptionLookalikes(file, command);
        command.SetAction(result => CheckCommand.Run(
            new CheckRequest(
                result.GetRequiredValue(file),
                result.GetRequiredValue(format),
                result.GetValue(license) ?? [],
                result.GetValue(ns),
                result.GetValue(name),
                result.GetValue(version),
                result.GetValue(sha256),
                result.GetValue(policy),
                result.GetValue(intel),
                result.GetValue(json)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            clock.GetUtcNow()));
        return command;
    }

    private static void Refuse(OptionResult result, string? problem)
    {
        if (problem is not null)
        {
            result.AddError(problem);
        }
    }
}
