using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.Gateway.Tests;

/// <summary>A session becomes the same signed token as an API key, with the user's id, which the services record before the key's.</summary>
public sealed class Internal_token_of_a_session
{
    static readonly InternalToken Tokens = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["InternalAuth:SigningKey"] = "a-test-signing-key-of-enough-length" }).Build());

    static async Task<ClaimsPrincipal> Validate(string token)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, Tokens.ValidationParameters());
        Assert.True(result.IsValid, result.Exception?.Message);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }

    [Fact]
    public async Task A_sessions_token_carries_the_tenant_the_roles_and_the_user_who_is_the_actor()
    {
        var tenant = Guid.CreateVersion7();
        var user = Guid.CreateVersion7();
        var principal = await Validate(Tokens.Issue(tenant, Guid.Empty, [Roles.Biller, Roles.Coder], userId: user));
        Assert.Equal(tenant, principal.TenantId());
        Assert.Equal(user, principal.UserId());
        Assert.Equal(user.ToString(), principal.ActorId());
        Assert.True(principal.IsInRole(Roles.Biller) && principal.IsInRole(Roles.Coder));
        Assert.False(principal.IsInRole(Roles.Admin));
    }

    [Fact]
    public async Task An_api_keys_token_has_no_user_and_its_actor_is_the_key()
    {
        var key = Guid.CreateVersion7();
        var principal = await Validate(Tokens.Issue(Guid.CreateVersion7(), key, [Roles.PmSystem]));
        Assert.Null(principal.UserId());
        Assert.Equal(key.ToString(), principal.ActorId());
    }
}
