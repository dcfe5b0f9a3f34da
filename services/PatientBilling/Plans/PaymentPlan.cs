using Dapper;
using Npgsql;

namespace RevenueCycle.PatientBilling.Plans;

public static class PlanStatus
{
    public const string Active = "active";
    public const string Delinquent = "delinquent";
    public const string Completed = "completed";
}

public sealed record Installment(int Number, DateOnly DueDate, decimal Amount);

public sealed record PlanRow
{
    public Guid Id { get; init; }
    public Guid PatientId { get; init; }
    public decimal Amount { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateOnly? EvaluatedAsOf { get; init; }
    public DateOnly? DelinquentSince { get; init; }
}

public sealed record InstallmentRow
{
    public Guid PlanId { get; init; }
    public int Number { get; init; }
    public DateOnly DueDate { get; init; }
    public decimal Amount { get; init; }
}

/// <summary>Where a plan stands on a date: what has fallen due, what the patient paid since agreeing to it.</summary>
public sealed record PlanStanding(PlanRow Plan, IReadOnlyList<Installment> Installments, decimal Paid, decimal DueSoFar, string Status)
{
    public decimal Remaining => Math.Max(0, Plan.Amount - Paid);

    /// <summary>Installments falling due on or before <paramref name="date"/>, less what was paid: what a statement asks for.</summary>
    public decimal DueBy(DateOnly date) => Math.Max(0, Installments.Where(i => i.DueDate <= date).Sum(i => i.Amount) - Paid);
}

public static class PaymentPlans
{
    /// <summary>
    /// Splits <paramref name="amount"/> into monthly installments of whole cents; the cents that do not
    /// divide evenly go on the last one, so the installments always sum exactly to the amount.
    /// </summary>
    public static IReadOnlyList<Installment> Schedule(decimal amount, int count, DateOnly firstDueDate)
    {
        var each = Math.Floor(amount / count * 100m) / 100m;
        return Enumerable.Range(1, count)
            .Select(n => new Installment(n, firstDueDate.AddMonths(n - 1), n < count ? each : amount - each * (count - 1)))
            .ToList();
    }

    /// <summary>
    /// A plan is delinquent as of a date when an installment due before that date is not covered by the
    /// payments made since the plan began; it is back in good standing once the patient catches up.
    /// </summary>
    public static async Task<List<PlanStanding>> EvaluateAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, DateOnly asOf, Guid? patientId = null)
    {
        var plans = (await connection.QueryAsync<PlanRow>(
            """
            SELECT id, patient_id, amount, status, created_at, evaluated_as_of, delinquent_since FROM payment_plans
            WHERE tenant_id = @Tenant AND status IN ('active', 'delinquent') AND (@Patient::uuid IS NULL OR patient_id = @Patient)
            ORDER BY id FOR UPDATE
            """, new { Tenant = tenant, Patient = patientId }, tx)).ToList();
        if (plans.Count == 0) return [];
        var installments = (await connection.QueryAsync<InstallmentRow>(
            "SELECT plan_id, number, due_date, amount FROM plan_installments WHERE plan_id = ANY(@Ids) ORDER BY number",
            new { Ids = plans.Select(p => p.Id).ToArray() }, tx)).ToLookup(i => i.PlanId);
        var standings = new List<PlanStanding>();
        foreach (var plan in plans)
        {
            var paid = -await connection.ExecuteScalarAsync<decimal>(
                """
                SELECT coalesce(sum(amount), 0) FROM ledger_entries
                WHERE tenant_id = @Tenant AND patient_id = @Patient AND kind = 'payment'
                  AND posted_at >= @CreatedAt AND effective_date <= @AsOf
                """, new { Tenant = tenant, Patient = plan.PatientId, plan.CreatedAt, AsOf = asOf }, tx);
            var schedule = installments[plan.Id].Select(i => new Installment(i.Number, i.DueDate, i.Amount)).ToList();
            var dueSoFar = schedule.Where(i => i.DueDate < asOf).Sum(i => i.Amount);
            var status = paid >= plan.Amount ? PlanStatus.Completed : paid < dueSoFar ? PlanStatus.Delinquent : PlanStatus.Active;
            var delinquentSince = status == PlanStatus.Delinquent ? plan.DelinquentSince ?? FirstMissed(schedule, paid) : null;
            await connection.ExecuteAsync(
                "UPDATE payment_plans SET status = @Status, evaluated_as_of = @AsOf, delinquent_since = @DelinquentSince WHERE id = @Id",
                new { Status = status, AsOf = asOf, DelinquentSince = delinquentSince, plan.Id }, tx);
            var updated = plan with { Status = status, EvaluatedAsOf = asOf, DelinquentSince = delinquentSince };
            standings.Add(new PlanStanding(updated, schedule, paid, dueSoFar, status));
        }
        return standings;
    }

    /// <summary>The day after the first installment the payments did not cover.</summary>
    static DateOnly? FirstMissed(IReadOnlyList<Installment> schedule, decimal paid)
    {
        var cumulative = 0m;
        foreach (var i in schedule)
        {
            cumulative += i.Amount;
            if (cumulative > paid) return i.DueDate.AddDays(1);
        }
        return null;
    }
}
