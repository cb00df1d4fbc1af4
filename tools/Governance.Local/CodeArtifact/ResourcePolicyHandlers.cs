using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Governance.Local.CodeArtifact.RestJsonIo;

namespace Governance.Local.CodeArtifact;

/// <summary>
/// The restJson1 bindings of the six permissions policy operations (paths and members as in the botocore model:
/// PutDomainPermissionsPolicy carries every member in its body, the others name the resource in the query string).
/// Each writes the model's <c>{"policy": ResourcePolicy}</c>.
/// </summary>
internal static class ResourcePolicyHandlers
{
    /// <summary>The handler of a permissions policy request, or null when the request is for another operation.</summary>
    public static Task? Route(HttpContext context, CodeArtifactService service) => (context.Request.Method, context.Request.Path.Value) switch
    {
        ("PUT", "/v1/domain/permissions/policy") => PutDomainAsync(context, service),
        ("GET", "/v1/domain/permissions/policy") => GetDomainAsync(context, service),
        ("DELETE", "/v1/domain/permissions/policy") => DeleteDomainAsync(context, service),
        ("PUT", "/v1/repository/permissions/policy") => PutRepositoryAsync(context, service),
        ("GET", "/v1/repository/permissions/policy") => GetRepositoryAsync(context, service),
        ("DELETE", "/v1/repository/permissions/policies") => DeleteRepositoryAsync(context, service), // the model's path: "policies"
        _ => null,
    };

    public static async Task PutDomainAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var policy = service.PutDomainPermissionsPolicy(
            InputRules.Domain(String(body, "domain")),
            InputRules.OptionalAccount(String(body, "domainOwner")),
            String(body, "policyRevision"),
            String(body, "policyDocument"));
        await WritePolicyAsync(context, policy);
    }

    public static Task GetDomainAsync(HttpContext context, CodeArtifactService service) =>
        WritePolicyAsync(context, service.GetDomainPermissionsPolicy(InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner"))));

    public static Task DeleteDomainAsync(HttpContext context, CodeArtifactService service) =>
        WritePolicyAsync(context, service.DeleteDomainPermissionsPolicy(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), Q(context, "policy-revision")));

    public static async Task PutRepositoryAsync(HttpContext context, CodeArtifactService service)
    {
        var body = await ReadJsonAsync(context);
        var policy = service.PutRepositoryPermissionsPolicy(
            InputRules.Domain(Q(context, "domain")),
            InputRules.OptionalAccount(Q(context, "domain-owner")),
            InputRules.Repository(Q(context, "repository")),
            String(body, "policyRevision"),
            String(body, "policyDocument"));
        await WritePolicyAsync(context, policy);
    }

    public static Task GetRepositoryAsync(HttpContext context, CodeArtifactService service) =>
        WritePolicyAsync(context, service.GetRepositoryPermissionsPolicy(
            InputRules.Domain(Q(context, "domain")), InputRules.OptionalAccount(Q(context, "domain-owner")), InputRules.Repository(Q(context, "repository"))));

    public static Task DeleteRepositoryAsync(HttpContext context, CodeArtifactService service) =>
        WritePolicyAsync(context, service.DeleteRepositoryPermissionsPolicy(
            InputRules.Domain(Q(context, "domain")),
            InputRules.OptionalAccount(Q(context, "domain-owner")),
            InputRules.Repository(Q(context, "repository")),
            Q(context, "policy-revision")));

    private static Task WritePolicyAsync(HttpContext context, ResourcePolicyView policy) =>
        WriteAsync(context, json => Wrap(json, "policy", w => Policy(w, policy)));

    private static void Policy(Utf8JsonWriter json, ResourcePolicyView policy)
    {
        json.WriteStartObject();
        json.WriteString("resourceArn", policy.ResourceArn);
        json.WriteString("revision", policy.Revision);
        json.WriteString("document", policy.Document);
        json.WriteEndObject();
    }
}
