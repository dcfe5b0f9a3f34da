using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Adjudication;

/// <summary>
/// What the payer decided about one claim, in the shape its 835 loop 2100 will carry; kept as JSON with
/// the claim's row so a replacement or void can reverse it exactly.
/// </summary>
public sealed record AdjudicatedClaim
{
    public required string PatientControlNumber { get; init; }
    public required ClaimStatusCode Status { get; init; }
    public string PayerClaimNumber { get; init; } = "";
    public required string ClaimFilingCode { get; init; }
    public required string PlaceOfService { get; init; }
    public int Frequency { get; init; } = 1;
    public required ClaimParty Patient { get; init; }

    /// <summary>NM1*IL, when the subscriber is not the patient.</summary>
    public ClaimParty? Insured { get; init; }

    public required ClaimParty Payee { get; init; }
    public required string PayerName { get; init; }
    public DateOnly ReceivedOn { get; init; }
    public List<AdjudicatedLine> Lines { get; init; } = [];

    /// <summary>Deductible this claim used up from the member's plan (given back when the claim is reversed).</summary>
    public decimal DeductibleApplied { get; init; }

    /// <summary>NM1*TT: the payer the claim was forwarded to (CLP02 19), as X221A1 2100 requires with CLP02 19, 20, 21 or 23.</summary>
    public ClaimParty? CrossoverCarrier { get; init; }

    /// <summary>Claim-level remark codes (RARC), sent in MOA03..MOA07.</summary>
    public List<string> ClaimRemarks { get; init; } = [];

    /// <summary>Interest paid with this claim: AMT*I, outside CLP04, and in the check's PLB L6 (X221A1 1.10.2.9).</summary>
    public decimal Interest { get; init; }

    /// <summary>The payer reports no SVC loops: the 835 sums the lines' adjustments into claim-level CAS.</summary>
    public bool ClaimLevelOnly { get; init; }

    public decimal Charge => Lines.Sum(l => l.Charge);
    public decimal Paid => Lines.Sum(l => l.Paid);

    /// <summary>CLP05: Σ PR adjustments.</summary>
    public decimal PatientResponsibility => Lines.SelectMany(l => l.Adjustments).Where(a => a.Group == "PR").Sum(a => a.Amount);

    /// <summary>
    /// The CLP02 22 reversal of this claim: every amount with the opposite sign, under the same payer claim
    /// number, as X221A1 section 1.10.2.8 describes for a corrected or voided claim.
    /// </summary>
    public AdjudicatedClaim Reversal() => this with
    {
        Status = ClaimStatusCode.Reversal,
        DeductibleApplied = -DeductibleApplied,
        Interest = -Interest,
        CrossoverCarrier = null, // NM1*TT only with CLP02 19, 20, 21 or 23: not on a reversal (X12 RFI 1981)
        Lines = Lines.Select(l => l with
        {
            Charge = -l.Charge,
            Paid = -l.Paid,
            Allowed = l.Allowed is { } a ? -a : null,
            Adjustments = l.Adjustments.Select(a => a with { Amount = -a.Amount }).ToList(),
        }).ToList(),
    };

    /// <summary>
    /// The claim re-adjudicated to pay <paramref name="paidPercent"/> of what each line paid: the difference is a further
    /// contractual reduction (CO-45) and comes off the allowed amount; the patient's share stays. Interest is not paid again.
    /// </summary>
    public AdjudicatedClaim Recouped(decimal paidPercent) => this with
    {
        Interest = 0,
        Lines = Lines.Select(line =>
        {
            var paid = Adjudicator.Money(line.Paid * paidPercent / 100m);
            if (paid == line.Paid) return line;
            var adjustments = line.Adjustments.ToList();
            var reduction = line.Paid - paid;
            var contractual = adjustments.FindIndex(a => a is { Group: "CO", Reason: Carcs.ContractualReduction });
            if (contractual >= 0) adjustments[contractual] = adjustments[contractual] with { Amount = adjustments[contractual].Amount + reduction };
            else adjustments.Insert(0, new LineAdjustment("CO", Carcs.ContractualReduction, reduction));
            return line with { Paid = paid, Allowed = line.Allowed - reduction, Adjustments = adjustments };
        }).ToList(),
    };
}

public sealed record AdjudicatedLine
{
    public required string ProcedureCode { get; init; }
    public List<string> Modifiers { get; init; } = [];
    public required decimal Charge { get; init; }
    public required decimal Paid { get; init; }
    public decimal? Allowed { get; init; }
    public decimal Units { get; init; } = 1;
    public required DateOnly ServiceDate { get; init; }
    public string? LineItemControlNumber { get; init; }
    public List<LineAdjustment> Adjustments { get; init; } = [];

    /// <summary>LQ*HE remark codes (RARC).</summary>
    public List<string> Remarks { get; init; } = [];

    public bool IsDenied => Paid == 0 && Adjustments.Any(a => Carcs.IsDenial(a.Reason));
}

/// <summary>One CAS triplet: group (CO, PR, OA, PI, CR), CARC, amount.</summary>
public sealed record LineAdjustment(string Group, string Reason, decimal Amount)
{
    public Adjustment ToX12() => new(Group switch
    {
        "CO" => AdjustmentGroup.Contractual,
        "PR" => AdjustmentGroup.PatientResponsibility,
        "OA" => AdjustmentGroup.Other,
        "PI" => AdjustmentGroup.PayerInitiated,
        _ => AdjustmentGroup.Correction,
    }, Reason, Amount);
}

/// <summary>A person or organization as the 835 names it (NM1 / N1).</summary>
public sealed record ClaimParty(string LastNameOrOrganization, string? FirstName, string? IdQualifier, string? Identifier);

/// <summary>The claim adjustment reason codes the simulator uses (X12 CARC list).</summary>
public static class Carcs
{
    public const string Deductible = "1";
    public const string Coinsurance = "2";
    public const string Copay = "3";
    public const string Duplicate = "18";
    public const string Capitation = "24";
    public const string PriorPayerAdjudication = "23";
    public const string CoverageTerminated = "27";
    public const string TimelyFilingExpired = "29";
    public const string ContractualReduction = "45";
    public const string NotMedicallyNecessary = "50";
    public const string AuthorizationAbsent = "197";

    // CO-24 is paid by the capitation agreement, not denied (X12 RFI 424: capitated services are adjusted to pay $0 with CARC 24).
    static readonly HashSet<string> Payable = [Deductible, Coinsurance, Copay, Capitation, ContractualReduction, PriorPayerAdjudication];

    /// <summary>Any reason but the everyday deductible, coinsurance, copay, capitation, contractual and prior-payer ones denies the line.</summary>
    public static bool IsDenial(string carc) => !Payable.Contains(carc);
}

/// <summary>Remittance advice remark codes (RARC) for the simulator's own denials.</summary>
public static class Rarcs
{
    /// <summary>Missing/incomplete/invalid treatment authorization code.</summary>
    public const string AuthorizationMissing = "M62";
}
