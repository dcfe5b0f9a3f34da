namespace RevenueCycle.ServiceDefaults.Auth;

/// <summary>
/// The one role vocabulary: the roles an API key carries (the gateway checks them against its path table and
/// forwards them in the internal token), and the operator's, which no key has.
/// </summary>
public static class Roles
{
    /// <summary>Everything for its practice (a practice's first key).</summary>
    public const string Admin = "admin";
    public const string PmSystem = "pm-system";
    public const string Biller = "biller";
    public const string Coder = "coder";
    public const string Auditor = "auditor";
    public const string FrontDesk = "front-desk";
    public const string ReadOnly = "read-only";

    /// <summary>The gateway's token for the admin key on <c>/api/admin/code-sets</c>: shared code sets, no practice.</summary>
    public const string Operator = "operator";

    /// <summary>The roles a key may carry; every one of them reads.</summary>
    public static readonly IReadOnlyList<string> KeyRoles = [Admin, PmSystem, Biller, Coder, Auditor, FrontDesk, ReadOnly];
}
