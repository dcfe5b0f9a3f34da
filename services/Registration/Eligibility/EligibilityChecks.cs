using System.Threading.Channels;
using Dapper;
using Npgsql;
using RevenueCycle.Contracts.Clearinghouse;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Coverage;
using RevenueCycle.Registration.Practice;
using RevenueCycle.ServiceDefaults.Clearinghouse;
using RevenueCycle.ServiceDefaults.Messaging;
using RevenueCycle.X12;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Eligibility;

public sealed record EligibilityCheck
{
    public Guid Id { get; init; }
    public Guid CoverageId { get; init; }
    public Guid PatientId { get; init; }
    public DateOnly ServiceDate { get; init; }

    /// <summary>The 270's EQ01: 98 for an office visit, 30 (plan coverage) otherwise; the cost share is this service type's.</summary>
    public string ServiceTypeCode { get; init; } = "";
    public string Trigger { get; init; } = "";
    public string Status { get; init; } = "";
    public decimal? Copay { get; init; }
    public decimal? Deductible { get; init; }
    public decimal? DeductibleRemaining { get; init; }
    public decimal? CoinsurancePercent { get; init; }

    /// <summary>EB*C at coverage level FAM: the family's deductible for the year and what is left of it.</summary>
    public decimal? FamilyDeductible { get; init; }
    public decimal? FamilyDeductibleRemaining { get; init; }
    public DateOnly? PlanBegin { get; init; }
    public DateOnly? PlanEnd { get; init; }
    public string? RejectionCode { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset CheckedAt { get; init; }
}

/// <summary>
/// Runs one 270/271 exchange for a coverage and records it. Whatever the clearinghouse does —
/// answers, rejects, times out, is down — the check ends with a status and a reason, never an
/// exception: the front desk needs an answer in seconds, not a 500.
/// </summary>
public sealed class EligibilityChecks(NpgsqlDataSource db, ClearinghouseClient clearinghouse, TimeProvider clock, ILogger<EligibilityChecks> logger)
{
    public enum Failure { None, CoverageNotFound, PracticeNotSet }

    public async Task<(EligibilityCheck? Check, Failure Failure)> RunAsync(
        Guid tenant, Guid coverageId, DateOnly? serviceDate, string serviceType, string trigger, CancellationToken ct)
    {
        Contracts.Registration.Coverage coverage;
        Contracts.Registration.Subscriber patient;
        Guid patientId;
        PracticeProfile? practice;
        int controlNumber;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            var loaded = (await CoverageEndpoints.Load(connection, tenant, "c.id = @Key", coverageId)).SingleOrDefault();
            if (loaded is null) return (null, Failure.CoverageNotFound);
            (patientId, coverage, patient) = (loaded.PatientId, loaded.Coverage, loaded.Patient);
            practice = await PracticeEndpoints.Find(connection, tenant);
            if (practice is null) return (null, Failure.PracticeNotSet);
            controlNumber = await NextControlNumberAsync(connection, tenant, "270");
        }

        var now = clock.GetUtcNow();
        var date = serviceDate ?? DateOnly.FromDateTime(now.UtcDateTime);
        var id = Guid.CreateVersion7();
        var inquiry = EligibilityExchange.Inquiry(SubmitterIds.For(tenant), controlNumber, id, practice, coverage, patient, date, serviceType, now.UtcDateTime);
        var request = Eligibility270Writer.WriteToString(inquiry);

        EligibilityOutcome outcome;
        string? response = null;
        var answer = await clearinghouse.RealtimeEligibilityAsync(SubmitterIds.For(tenant), request, ct);
        if (!answer.Succeeded)
        {
            outcome = EligibilityOutcome.Error($"The clearinghouse could not be asked: {answer.Failure.Reason}");
        }
        else
        {
            response = answer.Value;
            try
            {
                var parsed = Eligibility271Reader.Parse(response!).FirstOrDefault();
                outcome = parsed is null
                    ? EligibilityOutcome.Error("The clearinghouse answered without a 271.")
                    : EligibilityExchange.Interpret(parsed, date, serviceType, inquiry.Subscribers[0].TraceNumber);
            }
            catch (X12ParseException e)
            {
                logger.LogWarning("Unreadable 271 for coverage {Coverage}: {Error}", coverageId, e.Message);
                outcome = EligibilityOutcome.Error($"The payer's 271 could not be read: {e.Message}");
            }
        }

        var check = new EligibilityCheck
        {
            Id = id, CoverageId = coverageId, PatientId = patientId, ServiceDate = date, ServiceTypeCode = serviceType, Trigger = trigger,
            Status = outcome.Status, Copay = outcome.Copay, Deductible = outcome.Deductible, DeductibleRemaining = outcome.DeductibleRemaining,
            CoinsurancePercent = outcome.CoinsurancePercent, FamilyDeductible = outcome.CostShare.FamilyDeductible,
            FamilyDeductibleRemaining = outcome.CostShare.FamilyDeductibleRemaining, PlanBegin = outcome.PlanBegin, PlanEnd = outcome.PlanEnd,
            RejectionCode = outcome.RejectionCode, Reason = outcome.Reason, CheckedAt = clock.GetUtcNow(),
        };
        await using (var connection = await db.OpenConnectionAsync(CancellationToken.None))
        await using (var tx = await connection.BeginTransactionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO eligibility_checks (id, tenant_id, coverage_id, patient_id, service_date, service_type_code, trigger, status, copay,
                    deductible, deductible_remaining, coinsurance_percent, family_deductible, family_deductible_remaining, plan_begin, plan_end,
                    rejection_code, reason, request_x12, response_x12, checked_at)
                VALUES (@Id, @Tenant, @CoverageId, @PatientId, @ServiceDate, @ServiceTypeCode, @Trigger, @Status, @Copay,
                    @Deductible, @DeductibleRemaining, @CoinsurancePercent, @FamilyDeductible, @FamilyDeductibleRemaining, @PlanBegin, @PlanEnd,
                    @RejectionCode, @Reason, @Request, @Response, @CheckedAt)
                """,
                new
                {
                    check.Id, Tenant = tenant, check.CoverageId, check.PatientId, check.ServiceDate, check.ServiceTypeCode, check.Trigger, check.Status,
                    check.Copay, check.Deductible, check.DeductibleRemaining, check.CoinsurancePercent, check.FamilyDeductible,
                    check.FamilyDeductibleRemaining, check.PlanBegin, check.PlanEnd, check.RejectionCode,
                    check.Reason, Request = request, Response = response, check.CheckedAt,
                }, tx);
            await Outbox.Enqueue(connection, tx, new EligibilityVerified(tenant, id, patientId, coverageId, check.Status, check.Copay,
                check.DeductibleRemaining, check.CoinsurancePercent, check.Reason, check.CheckedAt), tenant);
            await tx.CommitAsync(CancellationToken.None);
        }
        return (check, Failure.None);
    }

    /// <summary>ISA13/GS06 for the tenant's next interchange of <paramref name="kind"/>: unique per sender, never reused.</summary>
    static Task<int> NextControlNumberAsync(NpgsqlConnection connection, Guid tenant, string kind) =>
        connection.ExecuteScalarAsync<int>(
            """
            INSERT INTO x12_control_numbers (tenant_id, kind, last) VALUES (@tenant, @kind, 1)
            ON CONFLICT (tenant_id, kind) DO UPDATE
                SET last = CASE WHEN x12_control_numbers.last >= 999999999 THEN 1 ELSE x12_control_numbers.last + 1 END
            RETURNING last
            """, new { tenant, kind });
}

/// <summary>Checks queued by encounter registration, run in the background so registering a visit never waits on a payer.</summary>
public sealed class EligibilityQueue
{
    readonly Channel<(Guid Tenant, Guid CoverageId, DateOnly ServiceDate, string ServiceType)> channel =
        Channel.CreateBounded<(Guid, Guid, DateOnly, string)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(Guid tenant, Guid coverageId, DateOnly serviceDate, string serviceType) =>
        channel.Writer.TryWrite((tenant, coverageId, serviceDate, serviceType));

    public IAsyncEnumerable<(Guid Tenant, Guid CoverageId, DateOnly ServiceDate, string ServiceType)> ReadAllAsync(CancellationToken ct) =>
        channel.Reader.ReadAllAsync(ct);
}

public sealed class EligibilityWorker(EligibilityQueue queue, IServiceScopeFactory scopes, ILogger<EligibilityWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (tenant, coverageId, date, serviceType) in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<EligibilityChecks>().RunAsync(tenant, coverageId, date, serviceType, "encounter", stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The automatic eligibility check of coverage {Coverage} failed", coverageId);
            }
        }
    }
}
