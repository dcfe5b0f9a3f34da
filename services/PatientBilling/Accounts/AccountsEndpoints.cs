using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.PatientBilling.Accounts;

public sealed record LedgerEntry
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public decimal Amount { get; init; }
    public string Description { get; init; } = "";
    public Guid? ClaimId { get; init; }
    public DateTimeOffset PostedAt { get; init; }
}

public sealed record Account(
    Guid PatientId, string Mrn, string PatientName, string Status, decimal Balance, DateTimeOffset OpenedAt,
    IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<object> Statements);

public static class AccountsEndpoints
{
    public static RouteGroupBuilder MapAccounts(this RouteGroupBuilder group)
    {
        group.MapGet("/{patientId:guid}", Get);
        return group;
    }

    static async Task<Results<Ok<Account>, ProblemHttpResult>> Get(Guid patientId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        var account = await connection.QuerySingleOrDefaultAsync<(string Mrn, string FirstName, string LastName, string Status, DateTime OpenedAt)>(
            "SELECT mrn, first_name, last_name, status, opened_at FROM accounts WHERE tenant_id = @Tenant AND patient_id = @Patient",
            new { Tenant = tenant, Patient = patientId });
        if (account.Mrn is null) return Problems.NotFound($"No patient account for patient {patientId}.");
        var entries = (await connection.QueryAsync<LedgerEntry>(
            """
            SELECT id, kind, amount, description, claim_id, posted_at FROM ledger_entries
            WHERE tenant_id = @Tenant AND patient_id = @Patient ORDER BY posted_at, id
            """, new { Tenant = tenant, Patient = patientId })).ToList();
        return TypedResults.Ok(new Account(patientId, account.Mrn, $"{account.FirstName} {account.LastName}", account.Status,
            entries.Sum(e => e.Amount), new DateTimeOffset(DateTime.SpecifyKind(account.OpenedAt, DateTimeKind.Utc)), entries, []));
    }
}
