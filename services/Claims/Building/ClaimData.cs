using System.Text.Json;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Claims.Building;

/// <summary>
/// Everything the 837P needs for one claim, copied from the events that built it (event-carried state):
/// the claim keeps working when Registration is down, and a practice or coverage change updates this copy.
/// Stored as <c>claims.data</c> (jsonb).
/// </summary>
public sealed record ClaimData
{
    public required PatientInfo Patient { get; init; }
    public required ProviderInfo RenderingProvider { get; init; }
    public PracticeProfile? Practice { get; init; }

    /// <summary>The coverage this claim bills.</summary>
    public required Coverage Coverage { get; init; }

    /// <summary>False once Registration reports the coverage inactive (CoverageChanged with Active false).</summary>
    public bool CoverageActive { get; init; } = true;

    /// <summary>The patient's other coverages in priority order, for the claims that follow this one.</summary>
    public IReadOnlyList<Coverage> OtherCoverages { get; init; } = [];

    public required DateOnly DateOfService { get; init; }
    public required string PlaceOfService { get; init; }
    public string? PriorAuthorizationNumber { get; init; }

    /// <summary>Where the care was given when not at the practice (837P 2310C), from the encounter.</summary>
    public ServiceFacility? ServiceFacility { get; init; }

    /// <summary>ICD-10-CM with the dot, principal first.</summary>
    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    public IReadOnlyList<ClaimLine> Lines { get; init; } = [];

    /// <summary>The payer before this one (2320/2330/2430): only on secondary and tertiary claims.</summary>
    public PriorPayment? PriorPayer { get; init; }

    /// <summary>The payers before <see cref="PriorPayer"/>, in order of benefits: the primary on a tertiary claim.</summary>
    public IReadOnlyList<PriorPayment> EarlierPayers { get; init; } = [];

    public Appeal? Appeal { get; init; }

    public decimal TotalCharge => Lines.Sum(l => l.Charge ?? 0m);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ClaimData FromJson(string json) => JsonSerializer.Deserialize<ClaimData>(json, Json)!;
}

/// <summary>A service line (837P 2400). <see cref="Charge"/> is null while the code has no fee.</summary>
public sealed record ClaimLine(
    int LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, decimal Units, IReadOnlyList<int> DiagnosisPointers, decimal? Charge);

/// <summary>
/// What the previous payer decided: paid amount, claim-level CAS, and per line (<see cref="Lines"/> empty when the payer
/// answered at claim level only: no 835 SVC, so no 837P 2430). <see cref="PatientResponsibility"/> is what it left the
/// patient (its PR total), the remaining patient liability of 2320/2430 AMT*EAF.
/// </summary>
public sealed record PriorPayment(
    Coverage Coverage, decimal Paid, DateOnly PaymentDate, IReadOnlyList<PostedAdjustment> ClaimAdjustments, IReadOnlyList<PriorLine> Lines)
{
    public decimal? PatientResponsibility { get; init; }
}

public sealed record PriorLine(int LineNumber, decimal Paid, IReadOnlyList<PostedAdjustment> Adjustments)
{
    public decimal? PatientResponsibility { get; init; }
}

public sealed record Appeal(string Reason, DateOnly FiledOn);

/// <summary>A scrubber finding: the rule's stable id, a message a biller can act on, and the field at fault.</summary>
public sealed record ScrubEdit(string Rule, string Severity, string Message, string? Target)
{
    public static ScrubEdit Error(string rule, string message, string? target = null) => new(rule, "error", message, target);
}

public static class ClaimStatus
{
    public const string Draft = "draft";
    public const string Held = "held";
    public const string Ready = "ready";
    public const string Submitted = "submitted";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Paid = "paid";
    public const string PartiallyPaid = "partially-paid";
    public const string Denied = "denied";
    public const string Appealed = "appealed";
    public const string Voided = "voided";
    public const string Closed = "closed";
    /// <summary>The next payer's claim of a crossover: the primary payer forwarded it (835 CLP02 19/20/21); the practice never sends it.</summary>
    public const string CrossedOver = "crossed-over";

    public static readonly string[] All = [Draft, Held, Ready, Submitted, Accepted, Rejected, Paid, PartiallyPaid, Denied, Appealed, Voided, Closed, CrossedOver];
}

public static class Routes
{
    public const string Simulator = "simulator";
    public const string Manual = "manual";

    /// <summary>Where a payer's claims go: its registered clearinghouse route, the simulator unless it is manual.</summary>
    public static string For(PayerInfo payer) => payer.Clearinghouse is Manual ? Manual : Simulator;
}
