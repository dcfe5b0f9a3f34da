using System.Security.Claims;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.ServiceDefaults.WorkQueues;

public static class WorkActor
{
    /// <summary>The staff user a token speaks for, once the gateway signs staff sessions in (the staff portal); absent for an API key.</summary>
    public const string UserClaim = "user_id";

    /// <summary>Who did it: the staff user when the token names one, else the API key's id.</summary>
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirst(UserClaim)?.Value is { Length: > 0 } id ? id
        : user.FindFirst(InternalToken.KeyClaim)?.Value ?? "unknown";
}
