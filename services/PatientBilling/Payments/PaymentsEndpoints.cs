using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.PatientBilling.Accounts;
using RevenueCycle.PatientBilling.Ledger;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.PatientBilling.Payments;

/// <param name="DateOfService">The visit a time-of-service payment is for (a copay at check-in): it is held for that visit until its responsibility arrives.</param>
/// <param name="ReceivedOn">When the money was received (a check from the lockbox yesterday); today when left out.</param>
public sealed record PaymentRequest(decimal Amount, string Method, string? Reference = null, DateOnly? DateOfService = null, DateOnly? ReceivedOn = null);

public sealed record RefundRequest(decimal Amount, string Reason, string? Method = null, string? Reference = null);

public sealed record AdjustmentRequest(decimal Amount, string Reason, string? Note = null);

/// <summary>A money movement as recorded, with the account's balance after it (negative is a credit the patient has).</summary>
public sealed record Posted(
    Guid Id, Guid PatientId, string Kind, decimal Amount, string? Method, string? Reference, string? Reason, DateOnly Date,
    DateOnly? DateOfService, decimal Balance, decimal CreditBalance);

public static class PaymentsEndpoints
{
    public static readonly string[] Methods = ["card", "cash", "check"];
    public static readonly string[] AdjustmentReasons =
        ["financial-hardship", "small-balance", "prompt-pay-discount", "courtesy", "bad-debt", "administrative"];
    const decimal MaxAmount = 99_999.99m;
    const int MaxReference = 50;
    const int BackdateDays = 365;

    /// <summary>A payment (the front desk takes a copay at check-in).</summary>
    public static RouteGroupBuilder MapPayments(this RouteGroupBuilder group)
    {
        group.MapPost("/{patientId:guid}/payments", Pay);
        return group;
    }

    /// <summary>Refunds and adjustments: the billing office's, not the front desk's.</summary>
    public static RouteGroupBuilder MapRefundsAndAdjustments(this RouteGroupBuilder group)
    {
        group.MapPost("/{patientId:guid}/refunds", Refund);
        group.MapPost("/{patientId:guid}/adjustments", Adjust);
        return group;
    }

    static async Task<Results<Created<Posted>, ValidationProblem, ProblemHttpResult>> Pay(
        Guid patientId, PaymentRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var today = Today(clock);
        var v = new Validation();
        CheckAmount(v, request.Amount);
        v.Check(Methods.Contains(request.Method), "method", $"must be one of {string.Join(", ", Methods)}.");
        v.Check(request.Reference is null || request.Reference.Length <= MaxReference, "reference", $"must be at most {MaxReference} characters.");
        v.Check(request.DateOfService is null || request.DateOfService <= today, "dateOfService", "must not be in the future.");
        if (request.ReceivedOn is { } on)
            v.Check(on <= today && on >= today.AddDays(-BackdateDays), "receivedOn", $"must be today or within the last {BackdateDays} days.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await AccountStore.FindAsync(connection, tenant, patientId, tx) is null) return NoAccount(patientId);
        var entry = new LedgerEntry
        {
            Id = Guid.CreateVersion7(), Kind = EntryKind.Payment, Amount = -request.Amount,
            Description = request.DateOfService is { } dos ? $"Payment at time of service ({dos:yyyy-MM-dd}), {request.Method}" : $"Payment, {request.Method}",
            DateOfService = request.DateOfService, EffectiveDate = request.ReceivedOn ?? today, Method = request.Method,
            Reference = request.Reference?.Trim(),
        };
        var posted = await AppendAsync(connection, tx, tenant, patientId, entry, clock.GetUtcNow());
        await Outbox.Enqueue(connection, tx, new PatientPaymentReceived(tenant, entry.Id, patientId, request.Amount, request.Method,
            entry.Reference, clock.GetUtcNow(), entry.EffectiveDate), tenant);
        // Committed with the money movement: a retry after this process died before answering gets this answer, not a second entry.
        await http.CommitAnswerAsync(connection, tx, StatusCodes.Status201Created, posted);
        await tx.CommitAsync();
        return TypedResults.Created($"/api/patient-billing/accounts/{patientId}/entries/{entry.Id}", posted);
    }

    static async Task<Results<Created<Posted>, ValidationProblem, ProblemHttpResult>> Refund(
        Guid patientId, RefundRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var v = new Validation();
        CheckAmount(v, request.Amount);
        if (v.Required(request.Reason, "reason")) v.Check(request.Reason.Length <= 200, "reason", "must be at most 200 characters.");
        v.Check(request.Method is null || Methods.Contains(request.Method), "method", $"must be one of {string.Join(", ", Methods)}.");
        v.Check(request.Reference is null || request.Reference.Length <= MaxReference, "reference", $"must be at most {MaxReference} characters.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await AccountStore.FindAsync(connection, tenant, patientId, tx) is null) return NoAccount(patientId);
        var credit = Math.Max(0, -await BalanceAsync(connection, tx, tenant, patientId));
        if (request.Amount > credit)
            return v.Error("amount", $"must not be more than the account's credit balance ({credit:0.00}).").Problem();
        var entry = new LedgerEntry
        {
            Id = Guid.CreateVersion7(), Kind = EntryKind.Refund, Amount = request.Amount, Description = $"Refund to patient: {request.Reason.Trim()}",
            EffectiveDate = Today(clock), Method = request.Method, Reference = request.Reference?.Trim(), Reason = request.Reason.Trim(),
        };
        var posted = await AppendAsync(connection, tx, tenant, patientId, entry, clock.GetUtcNow());
        await Outbox.Enqueue(connection, tx, new PatientRefundIssued(tenant, entry.Id, patientId, request.Amount, request.Method, entry.Reference,
            entry.Reason!, entry.EffectiveDate, clock.GetUtcNow()), tenant);
        // Committed with the money movement: a retry after this process died before answering gets this answer, not a second entry.
        await http.CommitAnswerAsync(connection, tx, StatusCodes.Status201Created, posted);
        await tx.CommitAsync();
        return TypedResults.Created($"/api/patient-billing/accounts/{patientId}/entries/{entry.Id}", posted);
    }

    static async Task<Results<Created<Posted>, ValidationProblem, ProblemHttpResult>> Adjust(
        Guid patientId, AdjustmentRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        var v = new Validation();
        CheckAmount(v, request.Amount);
        v.Check(AdjustmentReasons.Contains(request.Reason), "reason", $"must be one of {string.Join(", ", AdjustmentReasons)}.");
        v.Check(request.Note is null || request.Note.Length <= 500, "note", "must be at most 500 characters.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await AccountStore.FindAsync(connection, tenant, patientId, tx) is null) return NoAccount(patientId);
        var balance = await BalanceAsync(connection, tx, tenant, patientId);
        // A write-off forgives what is owed; it never creates a credit the practice would have to refund.
        if (request.Amount > balance)
            return v.Error("amount", $"must not be more than the account's balance ({Math.Max(0, balance):0.00}).").Problem();
        var entry = new LedgerEntry
        {
            Id = Guid.CreateVersion7(), Kind = EntryKind.Adjustment, Amount = -request.Amount,
            Description = $"Adjustment ({request.Reason}){(string.IsNullOrWhiteSpace(request.Note) ? "" : ": " + request.Note.Trim())}",
            EffectiveDate = Today(clock), Reason = request.Reason,
        };
        var posted = await AppendAsync(connection, tx, tenant, patientId, entry, clock.GetUtcNow());
        // Committed with the money movement: a retry after this process died before answering gets this answer, not a second entry.
        await http.CommitAnswerAsync(connection, tx, StatusCodes.Status201Created, posted);
        await tx.CommitAsync();
        return TypedResults.Created($"/api/patient-billing/accounts/{patientId}/entries/{entry.Id}", posted);
    }

    static void CheckAmount(Validation v, decimal amount)
    {
        if (v.Check(amount > 0, "amount", "must be more than zero."))
            v.Check(amount <= MaxAmount && decimal.Round(amount, 2) == amount, "amount", $"must be dollars and cents, at most {MaxAmount:0.00}.");
    }

    static async Task<Posted> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid patientId, LedgerEntry e, DateTimeOffset now)
    {
        await connection.ExecuteAsync(LedgerSql.Insert, new
        {
            e.Id, TenantId = tenant, PatientId = patientId, e.Kind, e.Amount, e.Description, e.ClaimId, e.DateOfService,
            e.EffectiveDate, e.Method, e.Reference, e.Reason, e.SourceId,
        }, tx);
        // The balance after the entry comes from the same read of the ledger as the event that announces it.
        var balance = (await BalanceEvents.EnqueueAsync(connection, tx, tenant, patientId, now)).Balance;
        return new Posted(e.Id, patientId, e.Kind, Math.Abs(e.Amount), e.Method, e.Reference, e.Reason, e.EffectiveDate, e.DateOfService,
            balance, Math.Max(0, -balance));
    }

    public static Task<decimal> BalanceAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, Guid tenant, Guid patientId) =>
        connection.ExecuteScalarAsync<decimal>(
            "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE tenant_id = @Tenant AND patient_id = @Patient",
            new { Tenant = tenant, Patient = patientId }, tx);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    static ProblemHttpResult NoAccount(Guid patientId) => Problems.NotFound($"No patient account for patient {patientId}.");
}
