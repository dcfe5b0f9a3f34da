namespace RevenueCycle.Claims.Scrubbing;

/// <summary>
/// A tenant's rule for one payer, kept as data (<c>payer_rules</c>) and edited with
/// <c>PUT /api/claims/payer-rules/{payerId}</c>, so a payer's new policy needs no deploy.
/// </summary>
public sealed record PayerRule
{
    public string Kind { get; init; } = "";
    public string ProcedureCode { get; init; } = "";
    public string? Modifier { get; init; }
    public decimal? MaxUnits { get; init; }

    public const string PriorAuthorization = "prior-authorization";
    public const string RequiredModifier = "required-modifier";
    public const string UnitLimit = "unit-limit";
}
