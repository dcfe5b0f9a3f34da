using Dapper;
using Npgsql;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.PatientBilling.Plans;
using RevenueCycle.PatientBilling.Practice;
using RevenueCycle.PatientBilling.Settings;

namespace RevenueCycle.PatientBilling.Statements;

public sealed record ServiceRow
{
    public Guid ClaimId { get; init; }
    public string PayerName { get; init; } = "";
    public int? LineNumber { get; init; }
    public int Seq { get; init; }
    public string ProcedureCode { get; init; } = "";
    public string[] Modifiers { get; init; } = [];
    public DateOnly DateOfService { get; init; }
    public decimal Charge { get; init; }
    public decimal InsurancePaid { get; init; }
    public decimal Adjustments { get; init; }
    public decimal PatientOwes { get; init; }
    public DateOnly PaymentDate { get; init; }
}

/// <summary>Puts a statement together from the ledger as of its date; nothing here writes.</summary>
public static class StatementBuilder
{
    public static Task<IEnumerable<ServiceRow>> ServicesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patient) =>
        connection.QueryAsync<ServiceRow>(
            """
            SELECT claim_id, payer_name, line_number, seq, procedure_code, modifiers, date_of_service, charge, insurance_paid,
                   adjustments, patient_owes, payment_date
            FROM claim_services WHERE tenant_id = @Tenant AND patient_id = @Patient
            ORDER BY date_of_service, claim_id, coalesce(line_number, seq), payment_date
            """, new { Tenant = tenant, Patient = patient }, tx);

    /// <param name="entries">The billable ledger: without the patient's shares of visits still with insurance.</param>
    /// <param name="pending">The visits still with insurance, shown apart and billed on a later statement.</param>
    public static Statement Build(
        Guid id, AccountRow account, PracticeRow? practice, IReadOnlyList<LedgerEntry> entries, IEnumerable<ServiceRow> services,
        IReadOnlyList<StatementPendingVisit> pending, DateOnly asOf, DateOnly? previousDate, BillingSettings settings, string notice, int step,
        PlanStanding? plan, DateTimeOffset issuedAt)
    {
        var allocation = Allocation.Of(entries, asOf);
        var balance = allocation.Balance;
        var inWindow = entries.Where(e => e.EffectiveDate <= asOf && (previousDate is null || e.EffectiveDate > previousDate)).ToList();
        var previousBalance = previousDate is { } p ? entries.Where(e => e.EffectiveDate <= p).Sum(e => e.Amount) : 0m;
        var newCharges = inWindow.Where(e => EntryKind.IsResponsibility(e.Kind)).Sum(e => e.Amount);
        var credits = inWindow.Where(e => !EntryKind.IsResponsibility(e.Kind)).ToList();

        var visits = new List<StatementVisit>();
        var serviceList = services.Where(s => s.PaymentDate <= asOf).ToList();
        foreach (var visit in entries.Where(e => EntryKind.IsResponsibility(e.Kind) && e.EffectiveDate <= asOf && e.DateOfService is not null)
                     .GroupBy(e => e.DateOfService!.Value).OrderBy(g => g.Key))
        {
            var owes = visit.Sum(e => e.Amount);
            var ids = visit.Select(e => e.Id).ToHashSet();
            var remaining = allocation.Items.Where(i => ids.Contains(i.Charge.Id)).Sum(i => i.Open);
            var isNew = visit.Any(e => previousDate is null || e.EffectiveDate > previousDate);
            if (remaining <= 0 && !isNew) continue;
            var claims = visit.Select(e => e.ClaimId).ToHashSet();
            var lines = serviceList.Where(s => claims.Contains(s.ClaimId))
                .GroupBy(s => (s.ClaimId, Line: s.LineNumber ?? s.Seq, s.ProcedureCode))
                .Select(g => new StatementService(g.Key.ProcedureCode, g.First().Modifiers, g.Sum(s => s.Charge), g.Sum(s => s.InsurancePaid),
                    g.Sum(s => s.Adjustments), g.Sum(s => s.PatientOwes)))
                .Where(s => s.Charge != 0 || s.PatientOwes != 0)
                .ToList();
            var payers = serviceList.Where(s => claims.Contains(s.ClaimId)).Select(s => s.PayerName).Distinct().ToList();
            visits.Add(new StatementVisit(visit.Key, payers, lines, lines.Sum(l => l.Charge), lines.Sum(l => l.InsurancePaid),
                lines.Sum(l => l.Adjustments), owes, owes - remaining, remaining));
        }

        var dueDate = asOf.AddDays(settings.DueDays);
        var amountDue = Math.Max(0, balance);
        StatementPlan? planSummary = null;
        if (plan is not null)
        {
            var next = plan.Installments.FirstOrDefault(i => plan.Installments.Where(j => j.Number <= i.Number).Sum(j => j.Amount) > plan.Paid);
            planSummary = new StatementPlan(plan.Plan.Id, plan.Status, plan.Plan.Amount, Math.Min(plan.Paid, plan.Plan.Amount), plan.Remaining,
                next?.DueDate, next?.Amount);
            // On a plan in good standing the patient owes the installments falling due, plus anything billed outside the plan.
            if (plan.Status == PlanStatus.Active)
                amountDue = Math.Min(amountDue, plan.DueBy(dueDate) + Math.Max(0, balance - plan.Remaining));
        }

        var practiceHeader = practice is null
            ? new StatementPractice("Your healthcare provider", "", null, "", "", "", null)
            : new StatementPractice(practice.Name, practice.AddressLine1, practice.AddressLine2, practice.City, practice.State, practice.Zip, practice.Phone);
        return new Statement(
            id, account.PatientId, asOf, dueDate, notice, step, Message(notice, dueDate, amountDue, practiceHeader.Phone, pending.Count > 0),
            practiceHeader,
            new StatementPatient(account.PatientId, account.Mrn, account.Name, account.AddressLine1, account.AddressLine2, account.City,
                account.State, account.Zip),
            previousDate, previousBalance, newCharges, credits.Sum(e => e.Amount), balance, amountDue, allocation.UnappliedCredit,
            visits,
            credits.Select(e => new StatementActivity(e.EffectiveDate, e.Kind, e.Description, e.Amount, e.Method, e.Reference)).ToList(),
            allocation.Aging(asOf), planSummary, issuedAt, pending.OrderBy(v => v.DateOfService).ToList(), pending.Sum(v => v.Pending));
    }

    static string Message(string notice, DateOnly due, decimal amountDue, string? phone, bool pendingInsurance)
    {
        var call = phone is null ? "contact our billing office" : $"call our billing office at {FormatPhone(phone)}";
        var pending = pendingInsurance
            ? " Services still with your insurance are listed separately and are not included in the amount due: we will bill you for any part your insurance leaves to you once it has processed them."
            : "";
        return (notice switch
        {
            Notice.SecondStatement =>
                $"Second notice: we have not received a payment since your last statement. Please pay ${amountDue:N2} by {due:MMMM d, yyyy}, or {call} to arrange a payment plan.",
            Notice.FinalNotice =>
                $"FINAL NOTICE: unless we receive ${amountDue:N2} or you arrange a payment plan by {due:MMMM d, yyyy}, this account may be referred to a collection agency. Please {call}.",
            Notice.PaymentPlan =>
                $"Thank you for your payment plan. Please pay the installment of ${amountDue:N2} due by {due:MMMM d, yyyy}.",
            _ => $"Your insurance has processed these services; the balance shown is your responsibility. Please pay by {due:MMMM d, yyyy}. Questions? Please {call}.",
        }) + pending;
    }

    public static string FormatPhone(string phone)
    {
        var d = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return d.Length == 10 ? $"({d[..3]}) {d[3..6]}-{d[6..]}" : phone;
    }
}
