using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.PatientBilling.Payments;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.PatientBilling.Aging;

public sealed record AccountAging(Guid PatientId, string Mrn, string PatientName, string Status, decimal Balance, AgingBuckets Buckets, decimal UnappliedCredit);

/// <param name="Totals">What patients owe, by days since each amount became theirs.</param>
/// <param name="CreditBalances">Credit patients hold (unapplied payments), not netted into the buckets.</param>
public sealed record AgingReport(DateOnly AsOf, AgingBuckets Totals, decimal CreditBalances, Page<AccountAging> Accounts);

public static class AgingEndpoints
{
    public static RouteGroupBuilder MapAging(this RouteGroupBuilder group)
    {
        group.MapGet("/", Get);
        return group;
    }

    static async Task<Results<Ok<AgingReport>, ValidationProblem>> Get(
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, DateOnly? asOf = null, int? limit = null, string? cursor = null)
    {
        var today = PaymentsEndpoints.Today(clock);
        var v = new Validation();
        if (!Paging.TryCursor(cursor, out var after)) v.Error("cursor", "is not a cursor this API returned.");
        v.Check(asOf is null || asOf <= today, "asOf", "must not be in the future.");
        if (!v.IsValid) return v.Problem();
        var date = asOf ?? today;
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var accounts = await AccountStore.ListAsync(connection, tenant);
        var entries = await AccountStore.EntriesByAccountAsync(connection, tenant);
        var rows = new List<AccountAging>();
        foreach (var a in accounts)
        {
            var allocation = Allocation.Of(entries[a.PatientId], date);
            if (allocation.Balance == 0 && allocation.UnappliedCredit == 0) continue;
            rows.Add(new AccountAging(a.PatientId, a.Mrn, a.Name, a.Status, allocation.Balance, allocation.Aging(date), allocation.UnappliedCredit));
        }
        var totals = rows.Aggregate(AgingBuckets.Zero, (t, r) => t.Plus(r.Buckets));
        var take = Paging.Clamp(limit);
        var page = Paging.Page(rows.Where(r => after == Guid.Empty || r.PatientId.CompareTo(after) > 0).Take(take + 1).ToList(), take, r => r.PatientId);
        return TypedResults.Ok(new AgingReport(date, totals, rows.Sum(r => r.UnappliedCredit), page));
    }
}
