using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.PatientBilling.Plans;
using RevenueCycle.PatientBilling.Practice;
using RevenueCycle.PatientBilling.Settings;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Statements;

/// <param name="SkippedWithInsurance">Accounts not billed because all they owe, if anything, awaits a payer's answer.</param>
/// <param name="IssuedWithPendingInsurance">Of <paramref name="Issued"/>, the statements that also list visits still with insurance.</param>
public sealed record RunResult(
    DateOnly AsOf, int Issued, int SentToCollections, int SkippedWithInsurance, int SkippedBilledWithinCycle, int SkippedBelowMinimum,
    int PlansDelinquent, int IssuedWithPendingInsurance);

/// <summary>
/// One statement cycle for a practice as of a date. Each account is billed for what the payers have adjudicated; a
/// visit still with insurance is listed on the statement but is neither billed nor dunned, so every rule below reads
/// the billable balance. Per account: nothing when that balance is at or under the practice's minimum (counted as
/// skipped with insurance when nothing is billable but a visit is pending); nothing again within the cycle days;
/// otherwise the next notice of the dunning sequence — back to the first when the patient paid since the
/// last one — and, once the last notice has gone unanswered for the configured days, collections.
/// An account on a payment plan in good standing gets a plan statement and is not dunned.
/// </summary>
public static class StatementRun
{
    sealed record LastStatement
    {
        public Guid PatientId { get; init; }
        public DateOnly StatementDate { get; init; }
    }

    public static async Task<RunResult> RunAsync(NpgsqlDataSource db, Guid tenant, DateOnly asOf, TimeProvider clock)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        // One run per practice at a time: two at once would both see "not billed within the cycle".
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = $"statement-run:{tenant}" }, tx);

        var settings = await BillingSettings.LoadAsync(connection, tenant, tx);
        var plans = (await PaymentPlans.EvaluateAsync(connection, tx, tenant, asOf)).Where(p => p.Status != PlanStatus.Completed)
            .ToDictionary(p => p.Plan.PatientId);
        var accounts = (await AccountStore.ListAsync(connection, tenant, tx)).Where(a => a.Status == AccountStatus.Active).ToList();
        var entries = await AccountStore.EntriesByAccountAsync(connection, tenant, tx);
        var pendingVisits = await PendingVisit.LoadAsync(connection, tx, tenant, asOf);
        var lastStatements = (await connection.QueryAsync<LastStatement>(
            """
            SELECT DISTINCT ON (patient_id) patient_id, statement_date FROM statements
            WHERE tenant_id = @Tenant ORDER BY patient_id, statement_date DESC, issued_at DESC
            """, new { Tenant = tenant }, tx)).ToDictionary(s => s.PatientId, s => s.StatementDate);
        var practice = await PracticeRow.FindAsync(connection, tenant, tx);
        var now = clock.GetUtcNow();

        int issued = 0, collections = 0, insurance = 0, cycle = 0, minimum = 0, withPending = 0;
        foreach (var account in accounts)
        {
            var pending = pendingVisits[account.PatientId].ToList();
            var ledger = PendingVisit.Billable(entries[account.PatientId], pending);
            var balance = ledger.Where(e => e.EffectiveDate <= asOf).Sum(e => e.Amount);
            if (balance <= settings.MinimumStatementBalance)
            {
                if (balance <= 0 && account.DunningStep > 0) await SetStepAsync(connection, tx, account, 0);
                if (balance > 0) minimum++;
                else if (pending.Count > 0) insurance++;
                continue;
            }

            plans.TryGetValue(account.PatientId, out var plan);
            var onGoodPlan = plan?.Status == PlanStatus.Active;
            DateOnly? last = lastStatements.TryGetValue(account.PatientId, out var l) ? l : null;
            var paidSinceLast = last is { } since && ledger.Any(e => e.Kind == EntryKind.Payment && e.EffectiveDate > since && e.EffectiveDate <= asOf);

            if (!onGoodPlan && last is { } lastDate && account.DunningStep >= settings.DunningSequence.Count && !paidSinceLast)
            {
                if (asOf >= lastDate.AddDays(settings.CollectionsAfterDays))
                {
                    await connection.ExecuteAsync(
                        "UPDATE accounts SET status = 'collections', collections_at = @AsOf WHERE tenant_id = @Tenant AND patient_id = @Patient",
                        new { AsOf = asOf, Tenant = tenant, Patient = account.PatientId }, tx);
                    await Outbox.Enqueue(connection, tx, new PatientAccountSentToCollections(tenant, account.PatientId, balance, now), tenant);
                    collections++;
                }
                continue;
            }
            if (last is { } previous && previous > asOf.AddDays(-settings.CycleDays)) { cycle++; continue; }

            var (step, notice) = onGoodPlan
                ? (0, Notice.PaymentPlan)
                : account.DunningStep == 0 || paidSinceLast
                    ? (1, settings.DunningSequence[0])
                    : (account.DunningStep + 1, settings.DunningSequence[account.DunningStep]);
            var id = Guid.CreateVersion7();
            var services = await StatementBuilder.ServicesAsync(connection, tx, tenant, account.PatientId);
            var statement = StatementBuilder.Build(id, account, practice, ledger, services, pending.Select(p => p.Shown).ToList(), asOf, last,
                settings, notice, step, plan, now);
            await connection.ExecuteAsync(
                """
                INSERT INTO statements (id, tenant_id, patient_id, statement_date, due_date, balance, amount_due, dunning_step, notice, content, issued_at)
                VALUES (@Id, @Tenant, @Patient, @StatementDate, @DueDate, @Balance, @AmountDue, @DunningStep, @Notice, @Content::jsonb, @IssuedAt)
                """,
                new
                {
                    statement.Id, Tenant = tenant, Patient = account.PatientId, statement.StatementDate, statement.DueDate, statement.Balance,
                    statement.AmountDue, statement.DunningStep, statement.Notice, Content = JsonSerializer.Serialize(statement, Json), IssuedAt = now,
                }, tx);
            await SetStepAsync(connection, tx, account, step);
            await Outbox.Enqueue(connection, tx, new StatementIssued(tenant, id, account.PatientId, statement.AmountDue, statement.DueDate, step, now), tenant);
            issued++;
            if (pending.Count > 0) withPending++;
        }
        await tx.CommitAsync();
        return new RunResult(asOf, issued, collections, insurance, cycle, minimum, plans.Values.Count(p => p.Status == PlanStatus.Delinquent), withPending);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static Task SetStepAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AccountRow account, int step) =>
        connection.ExecuteAsync("UPDATE accounts SET dunning_step = @Step WHERE tenant_id = @Tenant AND patient_id = @Patient",
            new { Step = step, Tenant = account.TenantId, Patient = account.PatientId }, tx);
}
