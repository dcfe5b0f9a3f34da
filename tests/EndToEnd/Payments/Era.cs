using System.Globalization;
using System.Text;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>One CAS triplet: group (CO, PR, OA, PI, CR), CARC, amount.</summary>
public sealed record Cas(string Group, string Reason, decimal Amount);

/// <summary>An SVC: the procedure as paid, charge, paid, its CAS; <see cref="SubmittedCode"/> is SVC06 when the payer recoded it.</summary>
public sealed record Svc(string Code, decimal Charge, decimal Paid, Cas[] Adjustments, string[]? Modifiers = null, string? SubmittedCode = null);

/// <summary>A CLP with its lines; the patient responsibility (CLP05) is the sum of the PR adjustments.</summary>
public sealed record Clp(string PatientControlNumber, int Status, decimal Charge, decimal Paid, Svc[] Lines, Cas[]? ClaimAdjustments = null,
    string? PayerClaimNumber = null, string[]? ClaimRemarks = null, (string Name, string Id)? CrossoverCarrier = null)
{
    public decimal PatientResponsibility =>
        Lines.SelectMany(l => l.Adjustments).Concat(ClaimAdjustments ?? []).Where(a => a.Group == "PR").Sum(a => a.Amount);
}

/// <summary>A PLB adjustment: reason (WO recovery, L6 interest, FB forwarding balance), reference, amount (positive reduces the payment).</summary>
public sealed record Plb(string Reason, string? Reference, decimal Amount);

/// <summary>
/// Writes small, balanced 835s (005010X221A1) as a payer would send them, with the BPR02 that
/// balances Σ CLP04 − Σ PLB, so each test states only its claims. The end-to-end project does not
/// reference the X12 library; the unit tests read these files back with Remittance835Reader.
/// </summary>
public static class Era
{
    public const string Receiver = "RCMPRACTICE";

    /// <param name="payerId">REF*2U in 1000A: the payer id claims were sent to (837P 2010BB NM1*PR ... PI).</param>
    /// <param name="payerTaxId">TRN03: "1" + the payer's tax id.</param>
    public static string Build(string sender, int interchangeControlNumber, string traceNumber, IReadOnlyList<Clp> claims,
        IReadOnlyList<Plb>? providerAdjustments = null, string payerName = "ACME HEALTH PLAN", string payerId = "ACME01", string payerTaxId = "1512345678",
        string paymentDate = "20260315")
    {
        var plbs = providerAdjustments ?? [];
        var total = claims.Sum(c => c.Paid) - plbs.Sum(p => p.Amount);
        var segments = new List<string>
        {
            total > 0 ? $"BPR*I*{Amount(total)}*C*CHK************{paymentDate}" : $"BPR*H*{Amount(total)}*C*NON************{paymentDate}",
            $"TRN*1*{traceNumber}*{payerTaxId}",
            $"N1*PR*{payerName}",
            $"REF*2U*{payerId}",
            "N1*PE*RIVERSIDE FAMILY MEDICINE*XX*1234567893",
            "LX*1",
        };
        foreach (var c in claims)
        {
            segments.Add($"CLP*{c.PatientControlNumber}*{c.Status}*{Amount(c.Charge)}*{Amount(c.Paid)}*{Amount(c.PatientResponsibility)}*CI*{c.PayerClaimNumber}*11*1");
            segments.AddRange((c.ClaimAdjustments ?? []).Select(CasSegment));
            if (c.CrossoverCarrier is { } carrier) segments.Add($"NM1*TT*2*{carrier.Name}*****PI*{carrier.Id}");
            if (c.ClaimRemarks is { Length: > 0 } remarks) segments.Add($"MOA***{string.Join("*", remarks)}");
            foreach (var l in c.Lines)
            {
                var procedure = string.Join(":", new[] { "HC", l.Code }.Concat(l.Modifiers ?? []));
                segments.Add($"SVC*{procedure}*{Amount(l.Charge)}*{Amount(l.Paid)}**1" + (l.SubmittedCode is null ? "" : $"*HC:{l.SubmittedCode}"));
                segments.Add("DTM*472*20260301");
                segments.AddRange(l.Adjustments.Select(CasSegment));
            }
        }
        segments.AddRange(plbs.Select(p => $"PLB*1234567893*20261231*{p.Reason}{(p.Reference is null ? "" : ":" + p.Reference)}*{Amount(p.Amount)}"));

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"ISA*00*          *00*          *ZZ*{sender,-15}*ZZ*{Receiver,-15}*260315*1200*^*00501*{interchangeControlNumber:D9}*0*P*:~\n");
        text.Append(CultureInfo.InvariantCulture, $"GS*HP*{sender}*{Receiver}*20260315*1200*{interchangeControlNumber}*X*005010X221A1~\n");
        text.Append("ST*835*0001*005010X221A1~\n");
        foreach (var s in segments) text.Append(s).Append("~\n");
        text.Append(CultureInfo.InvariantCulture, $"SE*{segments.Count + 2}*0001~\n");
        text.Append(CultureInfo.InvariantCulture, $"GE*1*{interchangeControlNumber}~\n");
        text.Append(CultureInfo.InvariantCulture, $"IEA*1*{interchangeControlNumber:D9}~\n");
        return text.ToString();
    }

    static string CasSegment(Cas a) => $"CAS*{a.Group}*{a.Reason}*{Amount(a.Amount)}";

    static string Amount(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);
}
