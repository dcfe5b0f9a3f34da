using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Payments.Ledger;

/// <summary>A claim an insurer paid more than it owed (paid twice, or over the charge): the credit to refund or to let the payer recoup.</summary>
public sealed record CreditBalance
{
    /// <summary>The claim's id: a claim has one credit balance at a time.</summary>
    public Guid Id { get; init; }
    public Guid ClaimId { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string PayerId { get; init; } = "";
    public string PayerName { get; init; } = "";
    public DateOnly DateOfService { get; init; }
    public decimal Amount { get; init; }
    public string Reason { get; init; } = "";
    public DateTimeOffset Since { get; init; }
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public int? CommentCount { get; init; }
}

public sealed record RefundRequest(decimal? Amount, string? Reference, DateOnly? RefundedOn, string? Note);

public sealed record PayerRefund(Guid Id, Guid ClaimId, decimal Amount, string? Reference, DateOnly RefundedOn, decimal CreditBalance);

/// <summary>
/// The credit-balance work list (a billing office must refund an insurer's overpayment: CMS requires Medicare overpayments returned
/// within 60 days of being identified, 42 CFR 401.305): every claim whose insurance balance is negative, oldest first, and the
/// refund that records the money going back in the claim's ledger.
/// </summary>
public static class CreditBalancesEndpoints
{
    public static RouteGroupBuilder MapCreditBalances(this RouteGroupBuilder group)
    {
        group.MapGet("/credit-balances", List)
            .WithDescription("Claims an insurer overpaid (insurance balance below zero): amount owed back, payer, why, since when. Paged (limit, cursor); payerId, minAmount/maxAmount (the credit) filter; sort since (default), amount or dateOfService, '-' first for descending. " +
                "The credit-balances work queue: assignee (a user id, or none), includePended=true (pended items are hidden until their date), and each item's assignee, pendedUntil and commentCount.");
        group.MapPost("/credit-balances/{id:guid}/refunds", Refund)
            .WithDescription("Records a refund to the payer (default: the whole credit) as a ledger entry of the claim; amount must not exceed the credit.");
        return group;
    }

    const string CreditsSql =
        $"""
        SELECT c.claim_id AS id, c.claim_id, c.patient_control_number, c.payer_id, c.payer_name, c.date_of_service,
               -sum({LedgerTotals.BalanceEffectSql}) AS amount,
               coalesce((SELECT description FROM ledger_entries o WHERE o.tenant_id = c.tenant_id AND o.claim_id = c.claim_id AND o.kind = 'overpayment'
                         ORDER BY o.seq DESC LIMIT 1), 'Payments exceed what the payer owed on the claim') AS reason,
               max(l.created_at) FILTER (WHERE l.bucket = 'insurance-paid') AS since
        FROM claims c JOIN ledger_entries l ON l.tenant_id = c.tenant_id AND l.claim_id = c.claim_id
        WHERE c.tenant_id = @Tenant
        """;

    // sort: since (the last insurance payment that made the credit; the default, oldest first), amount, dateOfService; '-' first for descending.
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["since"] = ("since", SortValueKind.Instant, false),
        ["amount"] = ("amount", SortValueKind.Number, false),
        ["dateOfService"] = ("date_of_service", SortValueKind.Date, false),
    });

    static async Task<Results<Ok<Page<CreditBalance>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, string? payerId,
        decimal? minAmount, decimal? maxAmount, string? assignee, bool? includePended, string? sort, int? limit, string? cursor)
    {
        var v = new Validation();
        var work = WorkFilter.Parse(v, WorkQueues.PaymentsQueues.CreditBalances, assignee, includePended, clock);
        v.Check(payerId is null || payerId.Length is > 0 and <= 80, "payerId", "is a payer id of at most 80 characters.");
        v.Check(minAmount is null || maxAmount is null || minAmount <= maxAmount, "maxAmount", "is at least minAmount.");
        var order = Sorts.Parse(v, sort, "since", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<CreditBalance>(
            "SELECT * FROM (" + CreditsSql + $"""

              AND (@PayerId::text IS NULL OR c.payer_id = @PayerId)
              AND {work.Sql("c.claim_id")}
            GROUP BY c.tenant_id, c.claim_id HAVING sum({LedgerTotals.BalanceEffectSql}) < 0
              AND (@Min::numeric IS NULL OR -sum({LedgerTotals.BalanceEffectSql}) >= @Min) AND (@Max::numeric IS NULL OR -sum({LedgerTotals.BalanceEffectSql}) <= @Max)
            ) credits WHERE {order.After("id")}
            {order.Order("id")} LIMIT @Take
            """, work.With(new { Tenant = user.TenantId(), PayerId = payerId, Min = minAmount, Max = maxAmount }, order.Parameters))).ToList();
        var fields = await work.LoadAsync(connection, user.TenantId(), rows.Select(r => r.Id));
        rows = rows.Select(r => r with { Assignee = fields[r.Id].Assignee, PendedUntil = fields[r.Id].PendedUntil, CommentCount = fields[r.Id].CommentCount }).ToList();
        return TypedResults.Ok(order.Page(rows, r => order.Sql switch { "amount" => r.Amount, "date_of_service" => r.DateOfService, _ => (object)r.Since! }, r => r.Id));
    }

    static async Task<Results<Created<PayerRefund>, ProblemHttpResult, ValidationProblem>> Refund(Guid id, RefundRequest request, ClaimsPrincipal user,
        NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        v.Check(request.Amount is null or > 0 and < 10_000_000m, "amount", "is a positive amount of money (dollars and cents), or absent for the whole credit.");
        v.Check(request.Amount is null || decimal.Round(request.Amount.Value, 2) == request.Amount, "amount", "has at most two decimals.");
        v.Check(request.Reference is null || request.Reference.Length <= 50 && !request.Reference.Contains('\0'), "reference", "is at most 50 characters (the refund check or transfer number).");
        v.Check(request.Note is null || request.Note.Length <= 500 && !request.Note.Contains('\0'), "note", "is at most 500 characters.");
        if (!v.IsValid) return v.Problem();

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var exists = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM claims WHERE tenant_id = @Tenant AND claim_id = @Claim FOR UPDATE)", new { Tenant = tenant, Claim = id }, tx);
        if (!exists) return Problems.NotFound($"No claim {id} is known to Payments.");
        var credit = (await LedgerStore.TotalsAsync(connection, tx, tenant, id)).CreditBalance;
        if (credit == 0)
            return TypedResults.Problem(title: "No credit balance", detail: $"Claim {id} owes its payer nothing back.", statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["field"] = "id" });
        var amount = request.Amount ?? credit;
        if (amount > credit)
            return new Validation().Error("amount", $"is more than the credit balance of {credit:0.00}.").Problem();

        var on = request.RefundedOn ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var refundId = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            "INSERT INTO payer_refunds (id, tenant_id, claim_id, amount, reference, refunded_on, note) VALUES (@Id, @Tenant, @Claim, @Amount, @Reference, @On, @Note)",
            new { Id = refundId, Tenant = tenant, Claim = id, Amount = amount, request.Reference, On = on, request.Note }, tx);
        await LedgerStore.EnterAsync(connection, tx, tenant, id, null,
            [new LedgerDraft(null, EntryKind.RefundToPayer, Bucket.InsurancePaid, null, null, -amount,
                $"Refund to the payer{(request.Reference is null ? "" : $", {request.Reference}")} on {on:yyyy-MM-dd}")]);
        var left = (await LedgerStore.TotalsAsync(connection, tx, tenant, id)).CreditBalance;
        var refund = new PayerRefund(refundId, id, amount, request.Reference, on, left);
        // With an Idempotency-Key the answer commits with the refund: a retry after a crash between commit and answer is answered
        // from it, never refunded twice (a partial refund would still fit the credit left).
        await http.CommitAnswerAsync(connection, tx, StatusCodes.Status201Created, refund);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/payments/credit-balances/{id}", refund);
    }
}
