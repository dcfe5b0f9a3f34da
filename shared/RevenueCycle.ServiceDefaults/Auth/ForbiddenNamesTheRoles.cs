using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace RevenueCycle.ServiceDefaults.Auth;

/// <summary>
/// A change the token's roles do not allow answers 403 problem details naming the roles that would, as the gateway's
/// refusal does (same title and wording); anything else is the framework's (401 without a valid token).
/// </summary>
public sealed class ForbiddenNamesTheRoles : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler framework = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RoleRequirement>().ToList() ?? [];
        if (!authorizeResult.Forbidden || failed.Count == 0 || context.User.Identity?.IsAuthenticated != true)
            return framework.HandleAsync(next, context, policy, authorizeResult);

        var method = context.Request.Method;
        var needed = failed.Skip(1).Aggregate(failed[0].AllowedFor(method).AsEnumerable(), (roles, r) => roles.Intersect(r.AllowedFor(method))).ToList();
        var held = context.User.FindAll(InternalToken.RoleClaim).Select(c => c.Value).ToList();
        var detail = $"This API key's roles ({(held.Count == 0 ? "none" : string.Join(", ", held))}) do not allow {method} {context.Request.Path.Value}; " +
            $"it needs {(needed.Count == 0 ? "a role no key has" : string.Join(" or ", needed))}. " +
            (failed.Select(r => r.Explanation).FirstOrDefault(e => e is not null) ?? "Reading is open to every role.");
        return TypedResults.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }
}
