using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.Gateway.Staff;

/// <summary>
/// What the gateway's own staff operations need, in the document as the services say it (<c>x-required-roles</c>): every
/// <c>/api/users</c> operation is the admin's; <c>/api/auth</c> needs no key (a session cookie, and for its writes the
/// <c>X-CSRF-Token</c> header, where a session is involved).
/// </summary>
public static class StaffOpenApi
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var path = "/" + (context.Description.RelativePath ?? "");
        if (path.StartsWith(UsersEndpoints.Prefix, StringComparison.Ordinal))
            operation.AddExtension(RequiredRolesInOpenApi.Extension, new JsonNodeExtension(new JsonArray(Roles.Admin)));
        else if (path.StartsWith(AuthEndpoints.Prefix, StringComparison.Ordinal))
            operation.Security = [];
        return Task.CompletedTask;
    }
}
