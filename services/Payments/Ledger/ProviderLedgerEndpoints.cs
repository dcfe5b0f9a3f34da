using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Ledger;

public sealed record ProviderLedgerEntry
{
    public Guid Id { get; init; }
    public Guid RemittanceId { get; init; }
    public string TraceNumber { get; init; } = "";
    public DateOnly PaymentDate { get; init; }
    public string ReasonCode { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? Reference { get; init; }
    public Guid? ClaimId { get; init; }
    public decimal Amount { get; init; }
    public decimal PostedToClaim { get; init; }
    public string Note { get; init; } = "";
}

/// <summary>
/// One payer's provider-level money: interest paid (income, never a claim's payment), what recoupments took from claims, and the
/// balance carried between payments (negative: advances the payer will still recover; positive: it recovered more than it advanced).
/// </summary>
public sealed record ProviderLedgerPayer(string PayerKey, string PayerName, decimal InterestIncome, decimal RecoupedFromClaims, decimal CarriedBalance,
    decimal Other);

public sealed record ProviderLedger(IReadOnlyList<ProviderLedgerPayer> Payers, IReadOnlyList<ProviderLedgerEntry> Entries);

public static class ProviderLedgerEndpoints
{
    public static RouteGroupBuilder MapProviderLedger(this RouteGroupBuilder group)
    {
        group.MapGet("/provider-ledger", Get).WithDescription(
            "Every provider-level adjustment (835 PLB) posted, newest first (up to 500), and per payer: interest income (L6, 90), what recoupments " +
            "(WO, 72, FB naming a claim) took from claims' ledgers, and the balance carried between payments (FB and advances not yet recovered).");
        return group;
    }

    sealed record PayerRow
    {
        public string PayerKey { get; init; } = "";
        public string PayerName { get; init; } = "";
        public decimal InterestIncome { get; init; }
        public decimal RecoupedFromClaims { get; init; }
        public decimal CarriedBalance { get; init; }
        public decimal Other { get; init; }
    }

    static async Task<Ok<ProviderLedger>> Get(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var payers = (await connection.QueryAsync<PayerRow>(
            """
            SELECT r.payer_key, max(r.payer_name) AS payer_name,
                   coalesce(-sum(p.amount) FILTER (WHERE p.kind = 'interest'), 0) AS interest_income,
                   coalesce(sum(p.posted_to_claim), 0) AS recouped_from_claims,
                   coalesce(sum(p.amount - p.posted_to_claim) FILTER (WHERE p.kind IN ('recoupment', 'forward-balance')), 0) AS carried_balance,
                   coalesce(sum(p.amount) FILTER (WHERE p.kind = 'other'), 0) AS other
            FROM provider_adjustments p JOIN remittances r ON r.id = p.remittance_id
            WHERE p.tenant_id = @Tenant GROUP BY r.payer_key ORDER BY 2
            """, new { Tenant = tenant })).Select(r => new ProviderLedgerPayer(r.PayerKey, r.PayerName, r.InterestIncome, r.RecoupedFromClaims, r.CarriedBalance, r.Other))
            .ToList();
        var entries = (await connection.QueryAsync<ProviderLedgerEntry>(
            """
            SELECT p.id, p.remittance_id, r.trace_number, r.payment_date, p.reason_code, p.kind, p.reference, p.claim_id, p.amount, p.posted_to_claim, p.note
            FROM provider_adjustments p JOIN remittances r ON r.id = p.remittance_id
            WHERE p.tenant_id = @Tenant ORDER BY p.id DESC LIMIT 500
            """, new { Tenant = tenant })).ToList();
        return TypedResults.Ok(new ProviderLedger(payers, entries));
    }
}
