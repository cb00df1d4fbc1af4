using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Local.Tests.Support;
using Governance.TestSupport;

namespace Governance.Local.Tests.CodeArtifact;

/// <summary>
/// Issue 14, point 2: the operations table in tools/Governance.Local/CodeArtifact/README.md against the botocore
/// CodeArtifact model the installed aws CLI uses (its service-2.json, read through botocore) and against the running
/// endpoint's routing: every model operation has exactly one row with its HTTP binding; an "implemented" row names an
/// existing test whose class drives the operation by its CLI name, and the endpoint routes it; every other row's
/// operation answers UnknownOperationException.
/// </summary>
public sealed partial class OperationsTableTests
{
    private const string ModelDump =
        "import json, botocore.session\n" +
        "m = botocore.session.get_session().get_service_model('codeartifact')\n" +
        "print(json.dumps({n: [m.operation_model(n).http['method'], m.operation_model(n).http['requestUri']] for n in m.operation_names}))\n";

    [Fact]
    public async Task Table_ShouldListEveryModelOperationOnceWithItsHttpBindingAndAnExistingRealClientTest()
    {
        var model = await ModelOperationsAsync();
        var rows = TableRows();

        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Operation).Order(StringComparer.Ordinal));
        var testTypes = typeof(OperationsTableTests).Assembly.GetTypes();
        foreach (var row in rows)
        {
            Assert.Equal($"{model[row.Operation].Method} {model[row.Operation].Path}", row.Http);
            Assert.True(row.Status is "implemented" or "not implemented", $"{row.Operation}: status '{row.Status}'");
            if (row.Status == "not implemented")
            {
                Assert.Equal("—", row.Test);
                continue;
            }

            var (className, methodName) = (row.Test[..row.Test.LastIndexOf('.')], row.Test[(row.Test.LastIndexOf('.') + 1)..]);
            var type = testTypes.SingleOrDefault(t => t.Name == className);
            Assert.True(type is not null, $"{row.Operation}: no test class {className}");
            var method = type!.GetMethod(methodName);
            Assert.True(method?.GetCustomAttribute<FactAttribute>() is not null, $"{row.Operation}: {row.Test} is not a test");
            var source = await File.ReadAllTextAsync(Directory.EnumerateFiles(RepositoryRoot.File("tests", "Governance.Local.Tests"), className + ".cs", SearchOption.AllDirectories).Single());
            Assert.True(source.Contains($"\"{CliName(row.Operation)}\"", StringComparison.Ordinal), $"{className} never calls aws codeartifact {CliName(row.Operation)}");
        }
    }

    [Fact]
    public async Task Endpoint_ShouldRouteExactlyTheOperationsTheTableCallsImplemented()
    {
        var model = await ModelOperationsAsync();
        var rows = TableRows();
        await using var stack = await LocalStackHarness.StartAsync();
        using var client = new RawAwsClient(new Uri(stack.Endpoint));

        foreach (var row in rows)
        {
            var (method, path) = model[row.Operation];
            var hasBody = method is "POST" or "PUT";
            var body = hasBody ? "{}"u8.ToArray() : [];
            using var content = hasBody ? new ByteArrayContent(body) : null;
            using var response = await client.SendAsync(new HttpMethod(method), path + "?domain=no-such-domain", content,
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)));
            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
            if (row.Status == "implemented")
            {
                Assert.True(errorType != "UnknownOperationException", $"{row.Operation} ({method} {path}) is not routed");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound && errorType == "UnknownOperationException",
                    $"{row.Operation} ({method} {path}) answered {(int)response.StatusCode} {errorType}, but the table says it is not implemented");
            }
        }
    }

    private sealed record Row(string Operation, string Http, string Status, string Test);

    private static List<Row> TableRows()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("tools", "Governance.Local", "CodeArtifact", "README.md"), Encoding.UTF8);
        var start = readme.IndexOf("<!-- operations:begin -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- operations:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the README has no operations table markers");
        return readme[start..end].Split('\n')
            .Select(line => RowPattern().Match(line.Trim()))
            .Where(m => m.Success)
            .Select(m => new Row(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value.Trim(), m.Groups[4].Value.Trim().Trim('`')))
            .ToList();
    }

    private static async Task<Dictionary<string, (string Method, string Path)>> ModelOperationsAsync()
    {
        var dump = await ProcessRunner.RunAsync("python3", ["-c", ModelDump], timeout: TimeSpan.FromSeconds(60));
        Assert.True(dump.ExitCode == 0, dump.ToString());
        var operations = JsonDocument.Parse(dump.StandardOutput).RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value[0].GetString()!, p.Value[1].GetString()!), StringComparer.Ordinal);
        Assert.True(operations.Count >= 40, $"the model lists only {operations.Count} operations");
        return operations;
    }

    private static string CliName(string operation) => CliNamePattern().Replace(operation, "-$1").ToLowerInvariant();

    [GeneratedRegex(@"^\| ([A-Z][A-Za-z]+) \| `([A-Z]+ [^`]+)` \| ([a-z ]+) \| (.+) \|$")]
    private static partial Regex RowPattern();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex CliNamePattern();
}
