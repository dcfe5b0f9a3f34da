using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Gateway.Access;

/// <summary>
/// What each API key role may do, decided at the gateway before a request reaches a service. Every
/// role reads (GET, HEAD); a change (POST, PUT, PATCH, DELETE) needs a role whose work it is — the
/// first rule whose path pattern matches decides, and a change no rule names is the admin's alone.
/// <c>admin</c> does everything for its practice. The role names are the shared <see cref="Roles"/>; each service
/// enforces the same rules again with its named <see cref="Policies"/>, and a test checks the two agree for every operation.
/// </summary>
public static class RolePolicy
{
    /// <summary>Path patterns, segment by segment; <c>*</c> stands for one segment, and a pattern matches the paths under it.</summary>
    public static readonly IReadOnlyList<(string Pattern, string[] Roles)> Changes =
    [
        // Work queues: assigning, pending and commenting an item is the work of whoever works the queue's list (its service's policy).
        .. WorkQueueCatalog.All.Select(q => (WorkQueueCatalog.PathOf(q.Name), Policies.Table[q.Policy].Changers.Where(r => r != Roles.Admin).ToArray())),
        // Registration: the practice's set-up is the PM system's (and the admin's); the front desk registers and checks in.
        ("/api/practice", [Roles.PmSystem]),
        ("/api/providers", [Roles.PmSystem]),
        ("/api/payers", [Roles.PmSystem]),
        ("/api/patients", [Roles.PmSystem, Roles.FrontDesk, Roles.Biller]),
        ("/api/coverages", [Roles.PmSystem, Roles.FrontDesk, Roles.Biller]),
        ("/api/encounters", [Roles.PmSystem, Roles.FrontDesk]),
        // Coding: suggestions change nothing; audits are the auditor's, never the coder's own.
        ("/api/coding/suggestions", [Roles.PmSystem, Roles.Coder, Roles.Auditor, Roles.Biller]),
        ("/api/coding/audits", [Roles.Auditor]),
        ("/api/coding", [Roles.PmSystem, Roles.Coder]),
        // Claims: how claims go out (manual release) is the admin's; the billing office works everything else.
        ("/api/claims/settings", []),
        ("/api/claims/status-checks/run", []),
        ("/api/claims", [Roles.PmSystem, Roles.Biller]),
        // Payments.
        ("/api/remittances", [Roles.PmSystem, Roles.Biller]),
        ("/api/payments", [Roles.Biller]),
        // Patient billing: the front desk takes payments (a copay at check-in); refunds, adjustments, plans, statements are the billing office's.
        ("/api/patient-billing/accounts/*/payments", [Roles.PmSystem, Roles.Biller, Roles.FrontDesk]),
        ("/api/patient-billing/settings", []),
        ("/api/patient-billing", [Roles.PmSystem, Roles.Biller]),
        // Integrations: where a practice's events are sent (and their signing secrets) is the admin's; the change feed changes nothing.
        ("/api/webhooks", []),
        ("/api/events", [Roles.PmSystem]),
        // Staff users are the practice admin's (the gateway's own endpoints refuse other roles their reads too).
        ("/api/users", []),
    ];

    static readonly string[] AdminOnly = [];

    /// <summary>Null when allowed; otherwise the roles that would be (besides admin).</summary>
    public static string[]? Refuse(string method, string path, IReadOnlyCollection<string> roles)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return null;
        if (roles.Contains(Roles.Admin)) return null;
        var allowed = RolesFor(path);
        return allowed.Any(roles.Contains) ? null : allowed;
    }

    public static string[] RolesFor(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (pattern, roles) in Changes)
            if (Matches(pattern, segments)) return roles;
        return AdminOnly;
    }

    static bool Matches(string pattern, string[] segments)
    {
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < parts.Length) return false;
        for (var i = 0; i < parts.Length; i++)
            if (parts[i] != "*" && !string.Equals(parts[i], segments[i], StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
