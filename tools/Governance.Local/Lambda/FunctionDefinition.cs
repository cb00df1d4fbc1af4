namespace Governance.Local.Lambda;

/// <summary>
/// What the local Lambda host needs to run a function the way Lambda would: the program to start (a built .NET
/// program with <c>dotnet exec</c>, a native <c>bootstrap</c>, or any script implementing the Runtime API), its task
/// root, its own environment, and the settings Lambda turns into environment variables and limits.
/// </summary>
public sealed record FunctionDefinition
{
    /// <summary>Function name, as in <c>AWS_LAMBDA_FUNCTION_NAME</c> and the function ARN.</summary>
    public required string Name { get; init; }

    /// <summary>The executable to start: <c>dotnet</c>, a path to a native <c>bootstrap</c>, <c>python3</c>, …</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The task root (<c>LAMBDA_TASK_ROOT</c>) and the child's working directory.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The function's own environment variables (endpoint overrides such as <c>AWS_ENDPOINT_URL_SNS</c> go here too).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The invocation timeout; the process is killed and restarted when an invoke runs past it. Lambda's default is 3 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the program may take from start until it asks for its first event (Lambda allows 10 s of init).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MemorySizeMb { get; init; } = 128;

    /// <summary>How many sandboxes (program copies) run invokes side by side. 1, the default, serializes invokes.</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>The handler string (<c>_HANDLER</c>); for executable-mode .NET functions, the assembly name.</summary>
    public string Handler { get; init; } = "bootstrap";

    public string Version { get; init; } = "$LATEST";

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    public string AccessKeyId { get; init; } = "test";

    public string SecretAccessKey { get; init; } = "test";

    public string? SessionToken { get; init; }

    /// <summary>When set, becomes <c>AWS_ENDPOINT_URL</c>: every AWS SDK and CLI call of the function goes to the local edge.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>File that receives the child's stdout/stderr lines and the START/END/REPORT lines; null for none.</summary>
    public string? LogFilePath { get; init; }

    public string FunctionArn => $"arn:aws:lambda:{Region}:{AccountId}:function:{Name}";

    public string LogGroupName => "/aws/lambda/" + Name;

    /// <summary>
    /// A built .NET function program run as the managed runtime's bootstrap runs an executable handler:
    /// <c>dotnet exec &lt;task root&gt;/&lt;name&gt;.dll</c>, with the assembly name as the handler string.
    /// </summary>
    public static FunctionDefinition ForBuiltDotnet(string name, string assemblyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyPath);
        var fullPath = Path.GetFullPath(assemblyPath);
        return new FunctionDefinition
        {
            Name = name,
            Command = "dotnet",
            Arguments = ["exec", fullPath],
            WorkingDirectory = Path.GetDirectoryName(fullPath)!,
            Handler = Path.GetFileNameWithoutExtension(fullPath),
        };
    }

    /// <summary>A native (NativeAOT) <c>bootstrap</c> executable, as <c>provided.al2023</c> runs it.</summary>
    public static FunctionDefinition ForNativeBootstrap(string name, string bootstrapPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapPath);
        var fullPath = Path.GetFullPath(bootstrapPath);
        return new FunctionDefinition
        {
            Name = name,
            Command = fullPath,
            WorkingDirectory = Path.GetDirectoryName(fullPath)!,
            Handler = "bootstrap",
        };
    }
}
