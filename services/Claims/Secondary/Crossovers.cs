using Dapper;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Claims.Secondary;

/// <summary>
/// A crossover: the primary payer processed the claim and forwarded it to the next payer itself (835 CLP02 19/20/21, NM1*TT
/// naming the crossover carrier; Medicare's coordination-of-benefits agreement with supplemental payers, CMS Pub. 100-04 ch. 28).
/// The practice must not send that payer a claim of its own (it would be a duplicate, CARC 18): the next payer's claim is recorded
/// as crossed over (never sent), so the next payer's 835 for the same visit posts to it, not to the primary's ledger.
/// </summary>
public static class Crossovers
{
    public static async Task OpenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ClaimRow primary, ClaimPaymentPosted payment, string primaryStatus)
    {
        var responsibility = primary.Responsibility == "secondary" ? "tertiary" : "secondary";
        var exists = await connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @TenantId AND encounter_id = @EncounterId AND responsibility = @Responsibility
                           AND status NOT IN ('voided', 'closed'))
            """, new { primary.TenantId, primary.EncounterId, Responsibility = responsibility }, tx);
        if (exists) return;

        var data = primary.ClaimData();
        var coverage = data.OtherCoverages.FirstOrDefault(c => c.Priority == responsibility) ?? Carrier(data.Coverage, payment, responsibility);
        var crossed = SecondaryClaims.Build(data, coverage, payment);
        var carrier = payment.CrossoverCarrierName ?? coverage.Payer.Name;
        var claim = await EncounterCodedConsumer.CreateAsync(connection, tx, primary.TenantId, primary.EncounterId, crossed, responsibility, 1, null, null,
            $"Crossed over: {payment.PayerName} processed claim {primary.PatientControlNumber} and forwarded it to {carrier} (835 CLP02 {payment.ClaimStatusCode}); " +
            "the practice does not send this claim.");
        await ClaimStore.TransitionAsync(connection, tx, primary.TenantId, claim.Id, ClaimEvent.CrossedOver,
            $"Awaiting {carrier}'s remittance for the crossover of claim {primary.PatientControlNumber}.");
        await ClaimStore.AddHistoryAsync(connection, tx, primary.TenantId, primary.Id, primaryStatus,
            $"Crossed over to {carrier} by {payment.PayerName}: no secondary claim is sent; claim {claim.PatientControlNumber} records it.");
        await connection.ExecuteAsync("UPDATE claims SET crossed_over_to = @Claim WHERE id = @Primary", new { Claim = claim.Id, Primary = primary.Id }, tx);

        // Payments opens the crossed-over claim's ledger (its receivable is what the primary left) and PatientBilling holds the
        // patient's share until the next payer answers, exactly as for a secondary claim the practice sends.
        await Outbox.Enqueue(connection, tx, new ClaimSubmitted(primary.TenantId, claim.Id, claim.EncounterId, claim.PatientId, claim.PatientControlNumber,
            null, claim.PayerRef, claim.PayerId, claim.PayerName, responsibility, 1, null, crossed.DateOfService, crossed.TotalCharge,
            [.. crossed.Lines.Select(l => new ClaimLineInfo(l.LineNumber, l.ProcedureCode, l.Modifiers, l.Units, l.Charge ?? 0m, crossed.DateOfService))],
            DateTimeOffset.UtcNow), primary.TenantId);
    }

    /// <summary>The crossover carrier as the 835 names it (NM1*TT), when the patient's next coverage is not registered here.</summary>
    static Coverage Carrier(Coverage primary, ClaimPaymentPosted payment, string priority) => primary with
    {
        Id = Guid.Empty,
        Payer = new PayerInfo(Guid.Empty, payment.CrossoverCarrierName ?? "Crossover carrier", payment.CrossoverCarrierId ?? "", primary.Payer.ClaimFilingCode,
            primary.Payer.TimelyFilingDays, Routes.Manual),
        Priority = priority,
    };
}
