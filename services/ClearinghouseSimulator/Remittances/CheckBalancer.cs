using RevenueCycle.ClearinghouseSimulator.Adjudication;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Remittances;

/// <summary>What the provider owes the payer from an earlier check: a PLB WO or FB that check carried with a negative amount.</summary>
public sealed record Receivable(Guid Id, string ReasonCode, string Reference, decimal Amount);

/// <summary>One check's provider-level adjustments and BPR02, and which receivables it takes back and which it leaves for later.</summary>
public sealed record CheckBalance(decimal PaymentAmount, IReadOnlyList<ProviderAdjustment> Adjustments, IReadOnlyList<Receivable> Recovered, IReadOnlyList<Receivable> Carried);

/// <summary>
/// Balances one check (BPR02 = Σ CLP04 − Σ PLB, never below zero: X221A1 1.10.2.1 and the BPR02 note):
/// <list type="number">
/// <item>interest on its claims (their AMT*I) is paid as one PLB L6 with a negative amount (1.10.2.9; X12 RFI 2123);</item>
/// <item>receivables of earlier checks are taken back, oldest first, each whole while the check has the money: a positive PLB of
/// the code and reference that carried it (a held forward balance waits for a check that can pay it, X12 RFI 738);</item>
/// <item>a check that still nets below zero carries the difference: with WO (1.10.2.17, option 3: recoupment delayed) one PLB WO
/// per claim whose reversal and correction net below zero, PLB03-2 its payer claim number (CLP07, X12 RFI 2370), and any rest as
/// FB; with FB (1.10.2.12) one PLB FB whose PLB03-2 is this check's TRN02 — the guide's reference for both the negative and the
/// later positive FB (X12 RFI 1114, 2218). BPR02 is then 0.</item>
/// </list>
/// </summary>
public static class CheckBalancer
{
    public static CheckBalance Balance(IReadOnlyList<AdjudicatedClaim> claims, IReadOnlyList<Receivable> open, string recoveryCode,
        string providerIdentifier, DateOnly paymentDate, string traceNumber)
    {
        var fiscalPeriod = new DateOnly(paymentDate.Year, 12, 31);
        ProviderAdjustment Plb(string code, string? reference, decimal amount) => new()
        {
            ProviderIdentifier = providerIdentifier, FiscalPeriodDate = fiscalPeriod, ReasonCode = code, Reference = reference, Amount = amount,
        };

        var adjustments = new List<ProviderAdjustment>();
        var total = claims.Sum(c => c.Paid);
        var interest = claims.Sum(c => c.Interest);
        if (interest != 0)
        {
            adjustments.Add(Plb(ProviderAdjustmentCodes.InterestOwed, null, -interest));
            total += interest;
        }

        var recovered = new List<Receivable>();
        foreach (var receivable in open)
        {
            if (receivable.Amount > total) continue;
            adjustments.Add(Plb(receivable.ReasonCode, receivable.Reference, receivable.Amount));
            total -= receivable.Amount;
            recovered.Add(receivable);
        }

        var carried = new List<Receivable>();
        if (total < 0)
        {
            var owed = -total;
            if (recoveryCode == ProviderAdjustmentCodes.OverpaymentRecovery)
                foreach (var claim in claims.GroupBy(c => c.PatientControlNumber))
                {
                    var net = claim.Sum(c => c.Paid + c.Interest);
                    if (net >= 0 || owed == 0 || claim.FirstOrDefault(c => c.Status == ClaimStatusCode.Reversal) is not { } reversal) continue;
                    var amount = Math.Min(-net, owed);
                    carried.Add(new Receivable(Guid.CreateVersion7(), ProviderAdjustmentCodes.OverpaymentRecovery, reversal.PayerClaimNumber, amount));
                    owed -= amount;
                }
            if (owed > 0)
                carried.Add(new Receivable(Guid.CreateVersion7(), ProviderAdjustmentCodes.ForwardingBalance, traceNumber, owed));
            adjustments.AddRange(carried.Select(c => Plb(c.ReasonCode, c.Reference, -c.Amount)));
            total = 0;
        }
        return new CheckBalance(total, adjustments, recovered, carried);
    }
}
