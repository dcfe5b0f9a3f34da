using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Posting;

/// <summary>One CAS triplet: group (CO, PR, OA, PI, CR), CARC and amount.</summary>
public sealed record CasAdjustment(string Group, string Carc, decimal Amount);

/// <summary>An SVC as the payer adjudicated it; <see cref="SubmittedProcedureCode"/> is SVC06 when the payer recoded the line.</summary>
public sealed record RemittanceLine(
    string ProcedureCode, IReadOnlyList<string> Modifiers, string? SubmittedProcedureCode, IReadOnlyList<string>? SubmittedModifiers,
    decimal Charge, decimal Paid, DateOnly? ServiceDate, IReadOnlyList<CasAdjustment> Adjustments, IReadOnlyList<string> Rarcs)
{
    /// <summary>The procedure as we billed it: SVC06 when present, else SVC01.</summary>
    public string BilledCode => SubmittedProcedureCode ?? ProcedureCode;

    public IReadOnlyList<string> BilledModifiers => SubmittedProcedureCode is null ? Modifiers : SubmittedModifiers ?? [];
}

/// <summary>
/// A CLP and its lines, in the form Payments keeps (jsonb on the remittance claim), so an exception
/// resolved days later posts exactly what the payer sent.
/// </summary>
public sealed record RemittanceClaim(
    string PatientControlNumber, int StatusCode, decimal Charge, decimal Paid, decimal PatientResponsibility, string? PayerClaimNumber,
    IReadOnlyList<CasAdjustment> Adjustments, IReadOnlyList<RemittanceLine> Lines,
    IReadOnlyList<string>? ClaimRemarks = null, string? CrossoverCarrierName = null, string? CrossoverCarrierId = null)
{
    /// <summary>MOA03..MOA07: the claim-level remark codes (e.g. MA130, claim unprocessable, no appeal rights).</summary>
    public IReadOnlyList<string> Remarks => ClaimRemarks ?? [];

    public static RemittanceClaim From(ClaimPayment clp) => new(
        clp.PatientControlNumber, (int)clp.Status, clp.ChargeAmount, clp.PaymentAmount, clp.PatientResponsibilityAmount ?? 0m,
        clp.PayerClaimControlNumber, Cas(clp.Adjustments),
        [.. clp.ServiceLines.Select(svc => new RemittanceLine(
            svc.Procedure.Code, [.. svc.Procedure.Modifiers], svc.SubmittedProcedure?.Code,
            svc.SubmittedProcedure is { } s ? [.. s.Modifiers] : null,
            svc.ChargeAmount, svc.PaymentAmount, svc.ServiceDate ?? svc.ServiceStartDate, Cas(svc.Adjustments),
            [.. svc.Remarks.Where(r => r.Qualifier == Remark.Rarc).Select(r => r.Code)]))],
        clp.OutpatientAdjudication is { RemarkCodes.Count: > 0 } moa ? [.. moa.RemarkCodes] : null,
        clp.CrossoverCarrier?.LastNameOrOrganization, clp.CrossoverCarrier?.Identifier);

    static IReadOnlyList<CasAdjustment> Cas(ValueList<Adjustment> adjustments) =>
        [.. adjustments.Select(a => new CasAdjustment(a.Group.ToCode(), a.ReasonCode, a.Amount))];
}

/// <summary>CLP02 codes (X221A1 2100 CLP02) and what posting does with each.</summary>
public static class ClaimStatus
{
    public const int ProcessedAsPrimary = 1;
    public const int Denied = 4;
    public const int Reversal = 22;
    public const int NotOurClaim = 23;

    /// <summary>1/2/3 processed as primary/secondary/tertiary, 4 denied, 19/20/21 processed and forwarded: posted as sent.</summary>
    public static bool IsPosted(int code) => code is 1 or 2 or 3 or Denied or 19 or 20 or 21;

    /// <summary>The payer's place in the order of benefits the CLP says it processed the claim in: 2/20 secondary, 3/21 tertiary, else primary.</summary>
    public static string Responsibility(int code) => code switch
    {
        2 or 20 => "secondary",
        3 or 21 => "tertiary",
        _ => "primary",
    };

    public static int Rank(string responsibility) => responsibility switch { "secondary" => 2, "tertiary" => 3, _ => 1 };
}
