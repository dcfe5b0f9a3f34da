using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace RevenueCycle.ServiceDefaults.Auth;

/// <summary>
/// The named authorization policies the services put on their endpoint groups, the same rules as the gateway's path
/// table (the first line of defence): every key role reads; a change needs a role whose work it is, and admin does
/// everything for its practice. A test checks, operation by operation, that the two agree.
/// </summary>
public static class Policies
{
    public const string PracticeSetup = "practice-setup";
    public const string PatientRegistration = "patient-registration";
    public const string Encounters = "encounters";
    public const string Coding = "coding";
    /// <summary>Suggestions change nothing, so whoever reads a note for codes may ask.</summary>
    public const string CodingSuggestions = "coding-suggestions";
    /// <summary>Coding audits are the auditor's, never the coder's own.</summary>
    public const string CodingAudits = "coding-audits";
    /// <summary>Code sets are shared by every practice: every key reads them, only the operator imports.</summary>
    public const string CodeSets = "code-sets";
    public const string ClaimsWork = "claims-work";
    public const string Remittances = "remittances";
    public const string PaymentsWork = "payments-work";
    public const string PatientBilling = "patient-billing";
    /// <summary>A patient's payment (a copay at check-in) is the front desk's too; refunds and adjustments are not.</summary>
    public const string PatientPayments = "patient-payments";
    /// <summary>A practice's own switches (how claims are released, dunning): the admin's alone.</summary>
    public const string PracticeAdmin = "practice-admin";
    /// <summary>The public change feed (GET /api/events): every key reads it; there is nothing to change.</summary>
    public const string ChangeFeed = "change-feed";

    public static readonly IReadOnlyDictionary<string, RoleRequirement> Table = new Dictionary<string, RoleRequirement>
    {
        [PracticeSetup] = Changes(Roles.PmSystem),
        [PatientRegistration] = Changes(Roles.PmSystem, Roles.FrontDesk, Roles.Biller),
        [Encounters] = Changes(Roles.PmSystem, Roles.FrontDesk),
        [Coding] = Changes(Roles.PmSystem, Roles.Coder),
        [CodingSuggestions] = Changes(Roles.PmSystem, Roles.Coder, Roles.Auditor, Roles.Biller),
        [CodingAudits] = Changes(Roles.Auditor),
        [CodeSets] = new([.. Roles.KeyRoles, Roles.Operator], [Roles.Operator],
            "Code sets are shared by every practice: the operator imports them with the admin key at POST /api/admin/code-sets/imports/{kind}."),
        [ClaimsWork] = Changes(Roles.PmSystem, Roles.Biller),
        [Remittances] = Changes(Roles.PmSystem, Roles.Biller),
        [PaymentsWork] = Changes(Roles.Biller),
        [PatientBilling] = Changes(Roles.PmSystem, Roles.Biller),
        [PatientPayments] = Changes(Roles.PmSystem, Roles.Biller, Roles.FrontDesk),
        [PracticeAdmin] = Changes(),
        [ChangeFeed] = Changes(Roles.PmSystem),
    };

    static RoleRequirement Changes(params string[] roles) => new(Roles.KeyRoles, [.. roles, Roles.Admin]);

    public static AuthorizationBuilder AddRevenueCyclePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (name, requirement) in Table)
            authorization.AddPolicy(name, p => p.RequireAuthenticatedUser().AddRequirements(requirement));
        // An endpoint without a policy (and a path no endpoint answers, so a 404 stays a 404) only needs the gateway's token.
        return authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}

/// <summary>Who reads (GET, HEAD, OPTIONS) and who changes (any other method) under one policy; <see cref="Explanation"/> is told to a refused caller.</summary>
public sealed class RoleRequirement(IReadOnlyList<string> readers, IReadOnlyList<string> changers, string? explanation = null) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Readers { get; } = readers;
    public IReadOnlyList<string> Changers { get; } = changers;
    public string? Explanation { get; } = explanation;

    public static bool Reads(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    public IReadOnlyList<string> AllowedFor(string method) => Reads(method) ? Readers : Changers;
}

public sealed class RoleRequirementHandler : AuthorizationHandler<RoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (context.Resource is HttpContext http && requirement.AllowedFor(http.Request.Method).Any(context.User.IsInRole))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
