using System.Text.Json;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>Runs one of this folder's boto3 scripts against a stack and reads the JSON it prints.</summary>
internal static class Boto3Script
{
    public static Task<JsonElement> RunAsync(LocalStackHarness stack, string script) =>
        PythonClientScript.RunJsonAsync(OutputFile.Path("CodeArtifact", "Scripts", script), [stack.Endpoint], TimeSpan.FromMinutes(2));

    /// <summary>The script's entry <paramref name="name"/> is the error botocore parsed: its code, status and a message.</summary>
    public static void AssertError(JsonElement results, string name, string code, int status)
    {
        var entry = results.GetProperty(name);
        Assert.True(entry.GetProperty("code").GetString() == code, $"{name}: {entry}");
        Assert.Equal(status, entry.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("message").GetString()), name);
    }
}
