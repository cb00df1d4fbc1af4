using Governance.Local.Lambda;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.Lambda;

/// <summary>The checked-in Python Runtime API function (Fixtures/runtime_function.py) as a function definition.</summary>
public static class FunctionFixture
{
    public static FunctionDefinition Definition(TempFolder directory, string name = "fixture-fn", TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) =>
        new()
        {
            Name = name,
            Command = "python3",
            Arguments = ["-u", OutputFile.Path("Lambda", "Fixtures", "runtime_function.py")],
            WorkingDirectory = directory.Path,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            InitTimeout = TimeSpan.FromSeconds(20),
            MemorySizeMb = 256,
            Handler = "runtime_function",
            Region = "eu-north-1",
            AccountId = "123456789012",
            EndpointUrl = new Uri("http://127.0.0.1:4566"),
            LogFilePath = Path.Combine(directory.Path, "logs", name + ".log"),
            Environment = environment ?? new Dictionary<string, string> { ["GOVERNANCE_MODE"] = "enforce" },
        };

    public static CancellationToken Bounded(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
