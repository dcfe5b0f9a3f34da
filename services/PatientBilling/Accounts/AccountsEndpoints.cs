using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.PatientBilling.Plans;
using RevenueCycle.PatientBilling.Payments;
using RevenueCycle.PatientBilling.Statements;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.PatientBilling.Accounts;

public sealed record MailingAddress(string Line1, string? Line2, string City, string State, string Zip);

/// <param name="Balance">Always the sum of <paramref name="Entries"/>; negative is a credit the patient holds.</param>
/// <param name="UnappliedCredit">Credit not yet applied to a charge: a copay taken at check-in, waiting for the claim's adjudication, or an overpayment.</param>
public sealed record Account(
    Guid PatientId, string Mrn, string PatientName, MailingAddress Address, string Status, decimal Balance, decimal CreditBalance,
    decimal UnappliedCredit, int DunningStep, DateOnly? CollectionsAt, bool ClaimsWithInsurance, DateTimeOffset OpenedAt,
    IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<StatementSummary> Statements, PaymentPlan? PaymentPlan);

public sealed record AccountListItem(Guid PatientId, string Mrn, string PatientName, string Status, decimal Balance, int DunningStep);

public static class AccountsEndpoints
{
    public static RouteGroupBuilder MapAccounts(this RouteGroupBuilder group)
    {
        group.MapGet("/", List);
        group.MapGet("/{patientId:guid}", Get);
        group.MapGet("/{patientId:guid}/entries", Entries);
        return group;
    }

    static async Task<Results<Ok<Account>, ProblemHttpResult>> Get(Guid patientId, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var account = await AccountStore.FindAsync(connection, tenant, patientId);
        if (account is null) return Problems.NotFound($"No patient account for patient {patientId}.");
        var entries = await AccountStore.EntriesAsync(connection, tenant, patientId);
        var allocation = Allocation.Of(entries, DateOnly.MaxValue);
        var statements = (await connection.QueryAsync<StatementSummary>(
            """
            SELECT id, patient_id, statement_date, due_date, balance, amount_due, dunning_step, notice, issued_at FROM statements
            WHERE tenant_id = @Tenant AND patient_id = @Patient ORDER BY statement_date, issued_at
            """, new { Tenant = tenant, Patient = patientId })).ToList();
        var withInsurance = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @Tenant AND patient_id = @Patient AND with_insurance)",
            new { Tenant = tenant, Patient = patientId });
        var plan = (await PaymentPlansEndpoints.LoadAsync(connection, tenant, patientId, null, null, Paging.MaxLimit))
            .LastOrDefault(p => p.Status is PlanStatus.Active or PlanStatus.Delinquent);
        var balance = entries.Sum(e => e.Amount);
        return TypedResults.Ok(new Account(patientId, account.Mrn, account.Name,
            new MailingAddress(account.AddressLine1, account.AddressLine2, account.City, account.State, account.Zip),
            account.Status, balance, Math.Max(0, -balance), allocation.UnappliedCredit, account.DunningStep, account.CollectionsAt,
            withInsurance, account.OpenedAt, entries, statements, plan));
    }

    static async Task<Results<Ok<Page<AccountListItem>>, ValidationProblem>> List(
        ClaimsPrincipal user, NpgsqlDataSource db, string? status = null, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        if (!Paging.TryCursor(cursor, out var after)) v.Error("cursor", "is not a cursor this API returned.");
        v.Check(status is null or AccountStatus.Active or AccountStatus.Collections, "status", "must be active or collections.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<(Guid PatientId, string Mrn, string FirstName, string LastName, string Status, decimal Balance, int DunningStep)>(
            """
            SELECT a.patient_id, a.mrn, a.first_name, a.last_name, a.status,
                   coalesce((SELECT sum(amount) FROM ledger_entries e WHERE e.tenant_id = a.tenant_id AND e.patient_id = a.patient_id), 0),
                   a.dunning_step
            FROM accounts a
            WHERE a.tenant_id = @Tenant AND (@Status::text IS NULL OR a.status = @Status) AND (@After::uuid IS NULL OR a.patient_id > @After)
            ORDER BY a.patient_id LIMIT @Take
            """, new { Tenant = user.TenantId(), Status = status, After = after == Guid.Empty ? (Guid?)null : after, Take = take + 1 }))
            .Select(r => new AccountListItem(r.PatientId, r.Mrn, $"{r.FirstName} {r.LastName}", r.Status, r.Balance, r.DunningStep)).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, a => a.PatientId));
    }

    static async Task<Results<Ok<Page<LedgerEntry>>, ValidationProblem, ProblemHttpResult>> Entries(
        Guid patientId, ClaimsPrincipal user, NpgsqlDataSource db, int? limit = null, string? cursor = null)
    {
        if (!Paging.TryCursor(cursor, out var after)) return new Validation().Error("cursor", "is not a cursor this API returned.").Problem();
        var tenant = user.TenantId();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        if (await AccountStore.FindAsync(connection, tenant, patientId) is null) return Problems.NotFound($"No patient account for patient {patientId}.");
        var rows = (await connection.QueryAsync<LedgerEntry>(
            $"""
            {LedgerSql.SelectEntries}
            WHERE tenant_id = @Tenant AND patient_id = @Patient AND (@After::uuid IS NULL OR id > @After)
            ORDER BY id LIMIT @Take
            """, new { Tenant = tenant, Patient = patientId, After = after == Guid.Empty ? (Guid?)null : after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, e => e.Id));
    }
}
