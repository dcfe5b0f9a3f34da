using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace RevenueCycle.ServiceDefaults.Auth;

/// <summary>
/// Each operation of a service's OpenAPI document says which roles its authorization policy lets through
/// (<c>x-required-roles</c>), worked out from the same policy objects the authorization middleware evaluates, so a
/// client (and the test that checks the gateway's table against the services) sees what is enforced, not a copy of it.
/// An operation with no policy of its own gets no extension.
/// </summary>
public static class RequiredRolesInOpenApi
{
    public const string Extension = "x-required-roles";

    static readonly IReadOnlyList<string> Everyone = [.. Roles.KeyRoles, Roles.Operator];

    public static async Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any()) return;
        var authorizeData = metadata.OfType<IAuthorizeData>().ToList();
        var policies = metadata.OfType<AuthorizationPolicy>().ToList();
        if (authorizeData.Count == 0 && policies.Count == 0) return;

        if (context.ApplicationServices.GetService<IAuthorizationPolicyProvider>() is not { } provider) return; // a service without authorization (the simulator)
        var policy = await AuthorizationPolicy.CombineAsync(provider, authorizeData, policies);
        if (policy is null) return;
        var method = context.Description.HttpMethod ?? "GET";
        // In the policy's own order (the roles whose work it is, then admin), as a refusal names them.
        var allowed = policy.Requirements.OfType<RoleRequirement>()
            .Aggregate((IEnumerable<string>?)null, (roles, r) => roles?.Intersect(r.AllowedFor(method)) ?? r.AllowedFor(method)) ?? Everyone;
        operation.AddExtension(Extension, new JsonNodeExtension(new JsonArray([.. allowed.Select(r => (JsonNode)JsonValue.Create(r))])));
    }
}
