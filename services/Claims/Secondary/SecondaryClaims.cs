using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.Secondary;

/// <summary>
/// Coordination of benefits: after a payer pays and leaves the patient a balance, the same services go to the next
/// payer in the order of benefits (the secondary after the primary, SBR01 S; the tertiary after the secondary, SBR01 T)
/// with every earlier payer's decision (837P 2320/2330A/2330B at claim level, 2430 per line when that payer adjudicated lines).
/// </summary>
public static class SecondaryClaims
{
    static readonly Dictionary<string, string> NextPayer = new() { ["primary"] = "secondary", ["secondary"] = "tertiary" };

    public static async Task<SubmissionNotice?> OpenNextPayerAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow paid, ClaimPaymentPosted payment, TimeProvider clock)
    {
        if (!NextPayer.TryGetValue(paid.Responsibility, out var next) || payment.PatientResponsibility.Total <= 0) return null;
        var data = paid.ClaimData();
        if (data.OtherCoverages.FirstOrDefault(c => c.Priority == next) is not { } coverage) return null;
        var exists = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @TenantId AND encounter_id = @EncounterId AND responsibility = @Next AND status NOT IN ('voided', 'closed'))",
            new { paid.TenantId, paid.EncounterId, Next = next }, tx);
        if (exists) return null;

        var nextData = Build(data, coverage, payment);
        var claim = await EncounterCodedConsumer.CreateAsync(connection, tx, paid.TenantId, paid.EncounterId, nextData, next, 1, null, null,
            $"{(next == "secondary" ? "Secondary" : "Tertiary")} claim to {coverage.Payer.Name} after {payment.PayerName} paid {payment.Paid:0.00} on claim {paid.PatientControlNumber}.");
        return await ClaimScrubbing.ScrubAsync(connection, tx, claim, nextData, clock);
    }

    /// <summary>
    /// The next payer's claim: the payer just posted becomes the prior payer, with what it left the patient (its PR
    /// total, the remaining patient liability of AMT*EAF); a payer that answered at claim level only (no 835 SVC)
    /// has no line adjudications, so the next claim carries no 2430 for it.
    /// </summary>
    public static ClaimData Build(ClaimData paid, Contracts.Registration.Coverage next, ClaimPaymentPosted payment) => paid with
    {
        Coverage = next,
        OtherCoverages = paid.OtherCoverages.Where(c => c.Id != next.Id).ToList(),
        EarlierPayers = paid.PriorPayer is { } earlier ? [.. paid.EarlierPayers, earlier] : paid.EarlierPayers,
        PriorPayer = new PriorPayment(
            paid.Coverage, payment.Paid, payment.PaymentDate,
            payment.Adjustments.Where(a => a.LineNumber is null).ToList(),
            payment.Lines.Count == 0 ? [] : paid.Lines.Select(l => PriorLine(l.LineNumber, payment)).ToList())
        {
            PatientResponsibility = payment.PatientResponsibility.Total,
        },
    };

    static PriorLine PriorLine(int lineNumber, ClaimPaymentPosted payment)
    {
        var line = payment.Lines.FirstOrDefault(pl => pl.LineNumber == lineNumber);
        return new PriorLine(lineNumber, line?.Paid ?? 0m, payment.Adjustments.Where(a => a.LineNumber == lineNumber).ToList())
        {
            PatientResponsibility = line?.PatientResponsibility ?? 0m,
        };
    }
}
