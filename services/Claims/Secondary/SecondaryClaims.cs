using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.Submission;
using RevenueCycle.Contracts.Payments;

namespace RevenueCycle.Claims.Secondary;

/// <summary>
/// Coordination of benefits: after the primary payer pays and leaves a balance, the same services go to the
/// secondary payer with the primary's decision (837P 2320/2330A/2330B claim level, 2430 per line), SBR01 S.
/// </summary>
public static class SecondaryClaims
{
    public static async Task<SubmissionNotice?> OpenAfterPrimaryAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow primary, ClaimPaymentPosted payment)
    {
        if (primary.Responsibility != "primary" || payment.PatientResponsibility.Total <= 0) return null;
        var data = primary.ClaimData();
        if (data.OtherCoverages.FirstOrDefault(c => c.Priority == "secondary") is not { } secondary) return null;
        var exists = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @TenantId AND encounter_id = @EncounterId AND responsibility = 'secondary' AND status NOT IN ('voided', 'closed'))",
            new { primary.TenantId, primary.EncounterId }, tx);
        if (exists) return null;

        var secondaryData = Build(data, secondary, payment);
        var claim = await EncounterCodedConsumer.CreateAsync(connection, tx, primary.TenantId, primary.EncounterId, secondaryData, "secondary", 1, null, null,
            $"Secondary claim to {secondary.Payer.Name} after {payment.PayerName} paid {payment.Paid:0.00} on claim {primary.PatientControlNumber}.");
        return await ClaimScrubbing.ScrubAsync(connection, tx, claim, secondaryData);
    }

    public static ClaimData Build(ClaimData primary, Contracts.Registration.Coverage secondary, ClaimPaymentPosted payment) => primary with
    {
        Coverage = secondary,
        OtherCoverages = primary.OtherCoverages.Where(c => c.Id != secondary.Id).ToList(),
        PriorPayer = new PriorPayment(
            primary.Coverage, payment.Paid, payment.PaymentDate,
            payment.Adjustments.Where(a => a.LineNumber is null).ToList(),
            primary.Lines.Select(l => new PriorLine(
                l.LineNumber,
                payment.Lines.FirstOrDefault(pl => pl.LineNumber == l.LineNumber)?.Paid ?? 0m,
                payment.Adjustments.Where(a => a.LineNumber == l.LineNumber).ToList())).ToList()),
    };
}
