using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Payments;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.PatientBilling.Plans;

/// <param name="Amount">What the plan covers; the whole balance when left out.</param>
public sealed record PlanRequest(int Installments, DateOnly FirstDueDate, decimal? Amount = null);

public sealed record EvaluateRequest(DateOnly AsOf);

public sealed record PaymentPlan(
    Guid Id, Guid PatientId, decimal Amount, string Status, IReadOnlyList<Installment> Installments, decimal Paid,
    DateOnly? EvaluatedAsOf, DateOnly? DelinquentSince, DateTimeOffset CreatedAt);

public sealed record Evaluation(DateOnly AsOf, int Evaluated, int InGoodStanding, int Delinquent, int Completed);

public static class PaymentPlansEndpoints
{
    const int MaxInstallments = 60;
    // A plan may be recorded a little after the patient agreed to it at the front desk.
    const int BackdateDays = 90;
    const int MaxLeadDays = 365;

    public static RouteGroupBuilder MapPaymentPlans(this RouteGroupBuilder accounts)
    {
        accounts.MapPost("/{patientId:guid}/payment-plans", Create);
        accounts.MapGet("/{patientId:guid}/payment-plans", List);
        return accounts;
    }

    public static RouteGroupBuilder MapPlans(this RouteGroupBuilder plans)
    {
        plans.MapGet("/{id:guid}", Get);
        plans.MapPost("/evaluate", Evaluate);
        return plans;
    }

    static async Task<Results<Created<PaymentPlan>, ValidationProblem, ProblemHttpResult>> Create(
        Guid patientId, PlanRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var today = PaymentsEndpoints.Today(clock);
        var v = new Validation();
        v.Check(request.Installments is >= 2 and <= MaxInstallments, "installments", $"must be 2 to {MaxInstallments}.");
        v.Check(request.FirstDueDate >= today.AddDays(-BackdateDays) && request.FirstDueDate <= today.AddDays(MaxLeadDays), "firstDueDate",
            $"must be within {BackdateDays} days before and {MaxLeadDays} days after today.");
        if (request.Amount is { } a)
            v.Check(a > 0 && decimal.Round(a, 2) == a, "amount", "must be more than zero, in dollars and cents.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await AccountStore.FindAsync(connection, tenant, patientId, tx) is null)
            return Problems.NotFound($"No patient account for patient {patientId}.");
        var balance = await PaymentsEndpoints.BalanceAsync(connection, tx, tenant, patientId);
        var amount = request.Amount ?? balance;
        if (balance <= 0) return v.Error("amount", "the account owes nothing to put on a plan.").Problem();
        if (amount > balance) return v.Error("amount", $"must not be more than the account's balance ({balance:0.00}).").Problem();
        if (amount / request.Installments < 0.01m)
            return v.Error("installments", "are too many for the amount: each must be at least one cent.").Problem();
        var open = await connection.ExecuteScalarAsync<Guid?>(
            "SELECT id FROM payment_plans WHERE tenant_id = @Tenant AND patient_id = @Patient AND status IN ('active', 'delinquent')",
            new { Tenant = tenant, Patient = patientId }, tx);
        if (open is { } existing)
            return Problems.Conflict($"The account already has an open payment plan {existing}.", new Dictionary<string, object?> { ["existingId"] = existing });

        var id = Guid.CreateVersion7();
        var schedule = PaymentPlans.Schedule(amount, request.Installments, request.FirstDueDate);
        var createdAt = clock.GetUtcNow();
        await connection.ExecuteAsync(
            "INSERT INTO payment_plans (id, tenant_id, patient_id, amount, status, created_at) VALUES (@Id, @Tenant, @Patient, @Amount, 'active', @CreatedAt)",
            new { Id = id, Tenant = tenant, Patient = patientId, Amount = amount, CreatedAt = createdAt }, tx);
        foreach (var i in schedule)
            await connection.ExecuteAsync(
                "INSERT INTO plan_installments (plan_id, number, due_date, amount) VALUES (@Id, @Number, @DueDate, @Amount)",
                new { Id = id, i.Number, i.DueDate, i.Amount }, tx);
        // Agreeing to a plan ends the dunning series: the account starts over as a plan account.
        await connection.ExecuteAsync("UPDATE accounts SET dunning_step = 0 WHERE tenant_id = @Tenant AND patient_id = @Patient",
            new { Tenant = tenant, Patient = patientId }, tx);
        return await tx.CommitAsync(http, TypedResults.Created($"/api/patient-billing/plans/{id}",
            new PaymentPlan(id, patientId, amount, PlanStatus.Active, schedule, 0, null, null, createdAt)));
    }

    static async Task<Results<Ok<PaymentPlan>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var plans = await LoadAsync(connection, user.TenantId(), null, id, null, 1);
        return plans.Count == 0 ? Problems.NotFound($"No payment plan {id}.") : TypedResults.Ok(plans[0]);
    }

    static async Task<Results<Ok<Page<PaymentPlan>>, ValidationProblem, ProblemHttpResult>> List(
        Guid patientId, ClaimsPrincipal user, NpgsqlDataSource db, int? limit = null, string? cursor = null)
    {
        if (!Paging.TryCursor(cursor, out var after)) return new Validation().Error("cursor", "is not a cursor this API returned.").Problem();
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        if (await AccountStore.FindAsync(connection, tenant, patientId) is null) return Problems.NotFound($"No patient account for patient {patientId}.");
        var take = Paging.Clamp(limit);
        var plans = await LoadAsync(connection, tenant, patientId, null, after, take + 1);
        return TypedResults.Ok(Paging.Page(plans, take, p => p.Id));
    }

    static async Task<Results<Ok<Evaluation>, ValidationProblem>> Evaluate(
        EvaluateRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        v.Check(request.AsOf <= PaymentsEndpoints.Today(clock), "asOf", "must not be in the future: a plan is judged on what has happened.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var standings = await PaymentPlans.EvaluateAsync(connection, tx, user.TenantId(), request.AsOf);
        await tx.CommitAsync();
        return TypedResults.Ok(new Evaluation(request.AsOf, standings.Count,
            standings.Count(s => s.Status == PlanStatus.Active), standings.Count(s => s.Status == PlanStatus.Delinquent),
            standings.Count(s => s.Status == PlanStatus.Completed)));
    }

    public static async Task<List<PaymentPlan>> LoadAsync(NpgsqlConnection connection, Guid tenant, Guid? patientId, Guid? id, Guid? after, int take)
    {
        var plans = (await connection.QueryAsync<PlanRow>(
            """
            SELECT id, patient_id, amount, status, created_at, evaluated_as_of, delinquent_since FROM payment_plans
            WHERE tenant_id = @Tenant AND (@Patient::uuid IS NULL OR patient_id = @Patient) AND (@Id::uuid IS NULL OR id = @Id)
              AND (@After::uuid IS NULL OR id > @After)
            ORDER BY id LIMIT @Take
            """, new { Tenant = tenant, Patient = patientId, Id = id, After = after == Guid.Empty ? null : after, Take = take })).ToList();
        if (plans.Count == 0) return [];
        var installments = (await connection.QueryAsync<InstallmentRow>(
            "SELECT plan_id, number, due_date, amount FROM plan_installments WHERE plan_id = ANY(@Ids) ORDER BY number",
            new { Ids = plans.Select(p => p.Id).ToArray() })).ToLookup(i => i.PlanId);
        var result = new List<PaymentPlan>();
        foreach (var p in plans)
        {
            var paid = -await connection.ExecuteScalarAsync<decimal>(
                """
                SELECT coalesce(sum(amount), 0) FROM ledger_entries
                WHERE tenant_id = @Tenant AND patient_id = @Patient AND kind = 'payment' AND posted_at >= @CreatedAt
                """, new { Tenant = tenant, Patient = p.PatientId, p.CreatedAt });
            result.Add(new PaymentPlan(p.Id, p.PatientId, p.Amount, p.Status,
                installments[p.Id].Select(i => new Installment(i.Number, i.DueDate, i.Amount)).ToList(),
                Math.Min(paid, p.Amount), p.EvaluatedAsOf, p.DelinquentSince, p.CreatedAt));
        }
        return result;
    }
}
