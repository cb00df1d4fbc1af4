namespace Governance.Cli.Tests.Commands;

/// <summary>
/// The set-up the command tests share: a temp folder for the policies and artifacts a test writes, and
/// <c>governance COMMAND ARGS</c> run in this process on a fixed clock, so that waiver expiry never depends on the day
/// the tests run.
/// </summary>
/// <param name="command">The command <see cref="Run"/> runs (<c>check</c>, <c>policy</c>); null: the words given name it.</param>
public abstract class CommandTests(string? command = null) : IDisposable
{
    /// <summary>The day every in-process command believes it is.</summary>
    protected static DateTimeOffset Now { get; } = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected TempFolder Dir { get; } = new("governance-cli");

    protected (int Exit, string Out, string Err) Run(params string[] args) =>
        CliRunner.InProcess(Now, command is null ? args : [command, .. args]);

    public void Dispose() => Dir.Dispose();
}
