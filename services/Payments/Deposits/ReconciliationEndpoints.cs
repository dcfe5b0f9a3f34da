using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Payments.Deposits;

public sealed record DayTotal(int Count, decimal Total);

public sealed record UnmatchedDeposit(Guid Id, decimal Amount, string? TraceNumber, string Status, string? Flag);

public sealed record UnmatchedRemittance(Guid Id, string PayerName, string TraceNumber, decimal PaymentAmount);

/// <summary>
/// One day of the bank against the remittances: deposits (by the bank's date), remittances (BPR02 by their payment date, BPR16) with
/// their claims' payments (Σ CLP04) and provider-level adjustments (Σ PLB; BPR02 = Σ CLP04 − Σ PLB), what was matched, and the
/// difference deposits − remittances, with the unmatched items of the day.
/// </summary>
public sealed record ReconciliationDay(DateOnly Date, DayTotal Deposits, DayTotal Remittances, decimal ClaimsPaid, decimal ProviderAdjustments,
    DayTotal MatchedDeposits, decimal Difference, IReadOnlyList<UnmatchedDeposit> UnmatchedDeposits, IReadOnlyList<UnmatchedRemittance> RemittancesWithoutDeposit);

public sealed record ReconciliationReport(DateOnly From, DateOnly To, decimal DepositsTotal, decimal RemittancesTotal, decimal ProviderAdjustmentsTotal,
    decimal MatchedTotal, decimal Difference, IReadOnlyList<ReconciliationDay> Days);

public static class ReconciliationEndpoints
{
    const int MaxDays = 366;
    static readonly Dictionary<string, string> Sorts = new() { ["date"] = "payment_date", ["amount"] = "payment_amount", ["received"] = "id" };

    public static RouteGroupBuilder MapDepositReconciliation(this RouteGroupBuilder group)
    {
        group.MapGet("/reconciliation", Report)
            .WithDescription("Per day from 'from' to 'to' (YYYY-MM-DD, at most 366 days; days with no deposit and no remittance are left out): deposits, remittances (BPR02), " +
                             "claims paid (CLP04), PLB, matched deposits, difference (deposits − remittances) and the unmatched items.");
        group.MapGet("/remittances-without-deposit", WithoutDeposit)
            .WithDescription("Remittances paying money (BPR02 > 0) with no deposit matched when the practice's waiting time (business days after BPR16; " +
                             "GET/PUT /api/payments/deposits/settings, default 3 per CAQH CORE 370) has passed. Filters payer, from/to (payment date), " +
                             "minAmount/maxAmount; sort date, amount, received. Paged.");
        return group;
    }

    sealed record DayRow
    {
        public DateOnly Day { get; init; }
        public int Count { get; init; }
        public decimal Total { get; init; }
        public int MatchedCount { get; init; }
        public decimal Matched { get; init; }
        public decimal ClaimsPaid { get; init; }
        public decimal Plb { get; init; }
    }

    sealed record DepositItem
    {
        public DateOnly Day { get; init; }
        public Guid Id { get; init; }
        public decimal Amount { get; init; }
        public string? TraceNumber { get; init; }
        public string Status { get; init; } = "";
        public string? Flag { get; init; }
    }

    sealed record RemittanceItem
    {
        public DateOnly Day { get; init; }
        public Guid Id { get; init; }
        public string PayerName { get; init; } = "";
        public string TraceNumber { get; init; } = "";
        public decimal PaymentAmount { get; init; }
    }

    static async Task<Results<Ok<ReconciliationReport>, ValidationProblem>> Report(ClaimsPrincipal user, NpgsqlDataSource db, string? from, string? to)
    {
        var v = new Validation();
        v.Required(from, "from");
        v.Required(to, "to");
        var f = ListFilter.Date(v, from, "from");
        var t = ListFilter.Date(v, to, "to");
        if (f is not null && t is not null)
            v.Check(f <= t && t.Value.DayNumber - f.Value.DayNumber < MaxDays, "to", $"is on or after 'from', at most {MaxDays} days later.");
        if (!v.IsValid) return v.Problem();
        var tenant = user.TenantId();
        var range = new { Tenant = tenant, From = f!.Value, To = t!.Value };
        await using var connection = await db.OpenSnapshotAsync();
        var deposits = (await connection.QueryAsync<DayRow>(
            """
            SELECT deposit_date AS day, count(*)::int AS count, sum(amount) AS total,
                   count(*) FILTER (WHERE status = 'matched')::int AS matched_count, coalesce(sum(amount) FILTER (WHERE status = 'matched'), 0) AS matched
            FROM deposits WHERE tenant_id = @Tenant AND deposit_date BETWEEN @From AND @To GROUP BY deposit_date
            """, range)).ToDictionary(r => r.Day);
        var remittances = (await connection.QueryAsync<DayRow>(
            """
            SELECT r.payment_date AS day, count(*)::int AS count, sum(r.payment_amount) AS total,
                   coalesce(sum((SELECT sum(c.paid) FROM remittance_claims c WHERE c.tenant_id = r.tenant_id AND c.remittance_id = r.id)), 0) AS claims_paid,
                   coalesce(sum((SELECT sum(p.amount) FROM provider_adjustments p WHERE p.tenant_id = r.tenant_id AND p.remittance_id = r.id)), 0) AS plb
            FROM remittances r WHERE r.tenant_id = @Tenant AND r.duplicate_of IS NULL AND r.payment_date BETWEEN @From AND @To GROUP BY r.payment_date
            """, range)).ToDictionary(r => r.Day);
        var unmatched = (await connection.QueryAsync<DepositItem>(
            """
            SELECT deposit_date AS day, id, amount, trace_number, status, flag FROM deposits
            WHERE tenant_id = @Tenant AND deposit_date BETWEEN @From AND @To AND status <> 'matched' ORDER BY deposit_date, id
            """, range)).ToLookup(d => d.Day);
        var missing = (await connection.QueryAsync<RemittanceItem>(
            """
            SELECT r.payment_date AS day, r.id, r.payer_name, r.trace_number, r.payment_amount FROM remittances r
            WHERE r.tenant_id = @Tenant AND r.duplicate_of IS NULL AND r.payment_date BETWEEN @From AND @To AND r.payment_amount > 0
              AND NOT EXISTS (SELECT 1 FROM deposits d WHERE d.tenant_id = r.tenant_id AND d.remittance_id = r.id)
            ORDER BY r.payment_date, r.id
            """, range)).ToLookup(r => r.Day);

        var days = deposits.Keys.Union(remittances.Keys).Order().Select(day =>
        {
            var d = deposits.GetValueOrDefault(day) ?? new DayRow { Day = day };
            var r = remittances.GetValueOrDefault(day) ?? new DayRow { Day = day };
            return new ReconciliationDay(day, new DayTotal(d.Count, d.Total), new DayTotal(r.Count, r.Total), r.ClaimsPaid, r.Plb,
                new DayTotal(d.MatchedCount, d.Matched), d.Total - r.Total,
                [.. unmatched[day].Select(u => new UnmatchedDeposit(u.Id, u.Amount, u.TraceNumber, u.Status, u.Flag))],
                [.. missing[day].Select(m => new UnmatchedRemittance(m.Id, m.PayerName, m.TraceNumber, m.PaymentAmount))]);
        }).ToList();
        var depositsTotal = days.Sum(d => d.Deposits.Total);
        var remittancesTotal = days.Sum(d => d.Remittances.Total);
        return TypedResults.Ok(new ReconciliationReport(f.Value, t.Value, depositsTotal, remittancesTotal, days.Sum(d => d.ProviderAdjustments),
            days.Sum(d => d.MatchedDeposits.Total), depositsTotal - remittancesTotal, days));
    }

    static async Task<Results<Ok<Page<RemittanceWithoutDeposit>>, ValidationProblem>> WithoutDeposit(ClaimsPrincipal user, NpgsqlDataSource db,
        TimeProvider clock, string? payer, string? from, string? to, string? minAmount, string? maxAmount, string? sort, int? limit, string? cursor)
    {
        var v = new Validation();
        var f = ListFilter.Parse(v, payer, from, to, minAmount, maxAmount, sort, cursor, limit, "date", Sorts);
        if (f is null) return v.Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var wait = await DepositSettingsEndpoints.WaitBusinessDaysAsync(connection, tenant);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = (await connection.QueryAsync<RemittanceWithoutDeposit>(
            $"""
            SELECT r.id, r.payer_name, r.payer_key, r.trace_number, r.payment_amount, r.payment_method, r.payment_date, r.received_at
            FROM remittances r
            WHERE r.tenant_id = @Tenant AND r.duplicate_of IS NULL AND r.payment_amount > 0 AND r.payment_date <= @Overdue
              AND NOT EXISTS (SELECT 1 FROM deposits d WHERE d.tenant_id = r.tenant_id AND d.remittance_id = r.id)
              AND (@Payer::text IS NULL OR r.payer_key = upper(@Payer) OR upper(@Payer) = ANY (r.payer_ids) OR upper(r.payer_name) = upper(@Payer))
              AND (@From::date IS NULL OR r.payment_date >= @From) AND (@To::date IS NULL OR r.payment_date <= @To)
              AND (@Min::numeric IS NULL OR r.payment_amount >= @Min) AND (@Max::numeric IS NULL OR r.payment_amount <= @Max)
              AND {f.AfterCursor("r", "remittances")}
            {f.Order("r")} LIMIT @Take
            """, new
            {
                Tenant = tenant, Overdue = BusinessDays.LatestOverdue(today, wait), f.Payer, f.From, f.To, Min = f.MinAmount, Max = f.MaxAmount, f.After,
                Take = f.Take + 1,
            })).Select(r => r with { DepositExpectedBy = BusinessDays.Add(r.PaymentDate, wait) }).ToList();
        return TypedResults.Ok(Paging.Page(rows, f.Take, r => r.Id));
    }
}
