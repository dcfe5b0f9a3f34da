using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Ledger;

public sealed record LedgerEntryView
{
    public Guid Id { get; init; }
    public int? LineNumber { get; init; }
    public Guid? PostingId { get; init; }
    public string Kind { get; init; } = "";
    public string Bucket { get; init; } = "";
    public string? Group { get; init; }
    public string? Carc { get; init; }
    public decimal Amount { get; init; }
    public string Description { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record LineLedger(int LineNumber, string ProcedureCode, IReadOnlyList<string> Modifiers, decimal Charge, decimal InsurancePaid,
    decimal Adjustments, decimal PatientResponsibility, decimal InsuranceBalance, decimal Denied);

/// <summary>
/// A claim's ledger: charge = insurancePaid + adjustments + patientResponsibility + insuranceBalance. <c>denied</c> is the part of the
/// insurance balance a payer denied and the practice is still working (appeal, correction, write-off); <c>creditBalance</c> is what
/// the payer paid too much (a negative insurance balance), owed back to it.
/// </summary>
public sealed record ClaimLedger(Guid ClaimId, string PatientControlNumber, string PayerName, string PayerResponsibility, decimal Charge, decimal InsurancePaid,
    decimal Adjustments, decimal PatientResponsibility, decimal InsuranceBalance, decimal Denied, decimal CreditBalance, IReadOnlyList<LineLedger> Lines,
    IReadOnlyList<LedgerEntryView> Entries);

public static class LedgerEndpoints
{
    public static RouteGroupBuilder MapLedger(this RouteGroupBuilder group)
    {
        group.MapGet("/claims/{claimId:guid}/ledger", Get);
        return group;
    }

    sealed record ClaimRow
    {
        public string PatientControlNumber { get; init; } = "";
        public string PayerName { get; init; } = "";
        public string PayerResponsibility { get; init; } = "";
    }

    sealed record LineRow
    {
        public int LineNumber { get; init; }
        public string ProcedureCode { get; init; } = "";
        public string[] Modifiers { get; init; } = [];
    }

    static async Task<Results<Ok<ClaimLedger>, ProblemHttpResult>> Get(Guid claimId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var claim = await connection.QuerySingleOrDefaultAsync<ClaimRow>(
            "SELECT patient_control_number, payer_name, payer_responsibility FROM claims WHERE tenant_id = @Tenant AND claim_id = @Claim",
            new { Tenant = tenant, Claim = claimId });
        if (claim is not { } c) return Problems.NotFound($"No claim {claimId} is known to Payments.");
        var entries = (await connection.QueryAsync<LedgerEntryView>(
            """
            SELECT id, line_number, posting_id, kind, bucket, adjustment_group AS "group", carc, amount, description, created_at
            FROM ledger_entries WHERE tenant_id = @Tenant AND claim_id = @Claim ORDER BY seq
            """, new { Tenant = tenant, Claim = claimId })).ToList();
        var lines = await connection.QueryAsync<LineRow>(
            "SELECT line_number, procedure_code, modifiers FROM claim_lines WHERE tenant_id = @Tenant AND claim_id = @Claim ORDER BY line_number",
            new { Tenant = tenant, Claim = claimId });
        var totals = LedgerTotals.Of(entries.Select(e => (e.Bucket, e.Amount)));
        var lineLedgers = lines.Select(l =>
        {
            var t = LedgerTotals.Of(entries.Where(e => e.LineNumber == l.LineNumber).Select(e => (e.Bucket, e.Amount)));
            return new LineLedger(l.LineNumber, l.ProcedureCode, l.Modifiers, t.Charge, t.InsurancePaid, t.Adjustments, t.PatientResponsibility, t.InsuranceBalance,
                t.DeniedOpen);
        }).ToList();
        return TypedResults.Ok(new ClaimLedger(claimId, c.PatientControlNumber, c.PayerName, c.PayerResponsibility, totals.Charge, totals.InsurancePaid,
            totals.Adjustments, totals.PatientResponsibility, totals.InsuranceBalance, totals.DeniedOpen, totals.CreditBalance, lineLedgers, entries));
    }
}
