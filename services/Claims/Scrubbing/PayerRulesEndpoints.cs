using System.Security.Claims;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Submission;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Claims.Scrubbing;

public sealed record RequiredModifier(string ProcedureCode, string Modifier);

public sealed record UnitLimit(string ProcedureCode, decimal MaxUnits);

/// <summary>
/// A payer's policy as data: procedures needing a prior authorization number, required modifiers, unit limits per line, and how it
/// takes corrected claims (<c>replacement</c>, frequency 7, the default; or <c>new-claim</c>), and when claims without an 835 are asked about
/// in a 276 (<c>statusCheckAfterDays</c>, 21 by default, 0 never; at most once every <c>statusCheckEveryDays</c>, 14; at most
/// <c>statusChecksPerDay</c> scheduled checks a day, 100).
/// </summary>
public sealed record PayerRulesRequest(
    IReadOnlyList<string>? PriorAuthorizationRequired = null, IReadOnlyList<RequiredModifier>? RequiredModifiers = null, IReadOnlyList<UnitLimit>? UnitLimits = null,
    string? CorrectionPolicy = null, int? AppealDays = null,
    int? StatusCheckAfterDays = null, int? StatusCheckEveryDays = null, int? StatusChecksPerDay = null);

public static class PayerRulesEndpoints
{
    public static RouteGroupBuilder MapPayerRules(this RouteGroupBuilder group)
    {
        group.MapPut("/{payerId}", Put);
        group.MapGet("/{payerId}", Get);
        return group;
    }

    /// <summary>Replaces the payer's rules; the tenant's held claims to that payer are scrubbed again (a rule removed may free them).</summary>
    static async Task<Results<Ok<PayerRulesRequest>, ValidationProblem>> Put(
        string payerId, PayerRulesRequest request, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILoggerFactory logs,
        TimeProvider clock)
    {
        var v = new Validation();
        static bool IsCode(string? c) => c is { Length: >= 4 and <= 7 } && c.All(char.IsAsciiLetterOrDigit);
        v.Check(payerId.Length <= 80, "payerId", "must be at most 80 characters.");
        for (var i = 0; i < (request.PriorAuthorizationRequired?.Count ?? 0); i++)
            v.Check(IsCode(request.PriorAuthorizationRequired![i]), $"priorAuthorizationRequired[{i}]", "must be a CPT or HCPCS code.");
        for (var i = 0; i < (request.RequiredModifiers?.Count ?? 0); i++)
        {
            var r = request.RequiredModifiers![i];
            v.Check(IsCode(r.ProcedureCode), $"requiredModifiers[{i}].procedureCode", "must be a CPT or HCPCS code.");
            v.Check(r.Modifier is { Length: 2 } && r.Modifier.All(char.IsAsciiLetterOrDigit), $"requiredModifiers[{i}].modifier", "must be a two-character modifier.");
        }
        for (var i = 0; i < (request.UnitLimits?.Count ?? 0); i++)
        {
            var r = request.UnitLimits![i];
            v.Check(IsCode(r.ProcedureCode), $"unitLimits[{i}].procedureCode", "must be a CPT or HCPCS code.");
            v.Check(r.MaxUnits > 0, $"unitLimits[{i}].maxUnits", "must be positive.");
        }
        v.Check(request.CorrectionPolicy is null || Corrections.CorrectionPolicy.All.Contains(request.CorrectionPolicy), "correctionPolicy",
            $"is one of {string.Join(", ", Corrections.CorrectionPolicy.All)}.");
        v.Check(request.AppealDays is null or >= 1 and <= 3650, "appealDays", "must be 1 to 3650 days from the remittance (or upheld appeal) date.");
        StatusChecks.StatusCheckSettings.Validate(v, request.StatusCheckAfterDays, request.StatusCheckEveryDays, request.StatusChecksPerDay);
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        // Identical PUTs at once replace the rules one after the other (not both deleting, then both inserting the same keys).
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = $"payer-rules:{tenant}:{payerId}" }, tx);
        await connection.ExecuteAsync("DELETE FROM payer_rules WHERE tenant_id = @Tenant AND payer_id = @PayerId", new { Tenant = tenant, PayerId = payerId }, tx);
        var rows = (request.PriorAuthorizationRequired ?? []).Distinct().Select(c => new PayerRule { Kind = PayerRule.PriorAuthorization, ProcedureCode = c })
            .Concat((request.RequiredModifiers ?? []).DistinctBy(r => r.ProcedureCode).Select(r => new PayerRule { Kind = PayerRule.RequiredModifier, ProcedureCode = r.ProcedureCode, Modifier = r.Modifier }))
            .Concat((request.UnitLimits ?? []).DistinctBy(r => r.ProcedureCode).Select(r => new PayerRule { Kind = PayerRule.UnitLimit, ProcedureCode = r.ProcedureCode, MaxUnits = r.MaxUnits }));
        await connection.ExecuteAsync(
            """
            INSERT INTO payer_rules (tenant_id, payer_id, kind, procedure_code, modifier, max_units)
            VALUES (@Tenant, @PayerId, @Kind, @ProcedureCode, @Modifier, @MaxUnits)
            """, rows.Select(r => new { Tenant = tenant, PayerId = payerId, r.Kind, r.ProcedureCode, r.Modifier, r.MaxUnits }), tx);
        await connection.ExecuteAsync(
            """
            INSERT INTO payer_settings (tenant_id, payer_id, correction_policy, appeal_days, status_check_after_days, status_check_every_days, status_checks_per_day)
            VALUES (@Tenant, @PayerId, @Policy, @AppealDays, @StatusCheckAfterDays, @StatusCheckEveryDays, @StatusChecksPerDay)
            ON CONFLICT (tenant_id, payer_id) DO UPDATE SET correction_policy = excluded.correction_policy, appeal_days = excluded.appeal_days,
                status_check_after_days = excluded.status_check_after_days, status_check_every_days = excluded.status_check_every_days,
                status_checks_per_day = excluded.status_checks_per_day
            """, new { Tenant = tenant, PayerId = payerId, Policy = request.CorrectionPolicy ?? Corrections.CorrectionPolicy.Replacement, request.AppealDays,
                request.StatusCheckAfterDays, request.StatusCheckEveryDays, request.StatusChecksPerDay }, tx);
        var notices = await ClaimScrubbing.RescrubUnsentAsync(connection, tx, tenant, clock, claim => claim.PayerId == payerId ? claim.ClaimData() : null);
        await tx.CommitAsync();
        await SubmissionQueue.NotifyAsync(send, configuration, notices, logs.CreateLogger("PayerRules"));
        return TypedResults.Ok(await LoadAsync(connection, tenant, payerId));
    }

    static async Task<Ok<PayerRulesRequest>> Get(string payerId, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await LoadAsync(connection, user.TenantId(), payerId));
    }

    static async Task<PayerRulesRequest> LoadAsync(NpgsqlConnection connection, Guid tenant, string payerId)
    {
        var rules = (await connection.QueryAsync<PayerRule>(
            "SELECT kind, procedure_code, modifier, max_units FROM payer_rules WHERE tenant_id = @Tenant AND payer_id = @PayerId ORDER BY procedure_code",
            new { Tenant = tenant, PayerId = payerId })).ToList();
        var settings = (await connection.QueryAsync<(string Policy, int? AppealDays, int? After, int? Every, int? PerDay)>(
            """
            SELECT correction_policy, appeal_days, status_check_after_days, status_check_every_days, status_checks_per_day
            FROM payer_settings WHERE tenant_id = @Tenant AND payer_id = @PayerId
            """, new { Tenant = tenant, PayerId = payerId }))
            .Select(r => ((string Policy, int? AppealDays, int? After, int? Every, int? PerDay)?)r).FirstOrDefault();
        return new PayerRulesRequest(
            rules.Where(r => r.Kind == PayerRule.PriorAuthorization).Select(r => r.ProcedureCode).ToList(),
            rules.Where(r => r.Kind == PayerRule.RequiredModifier).Select(r => new RequiredModifier(r.ProcedureCode, r.Modifier!)).ToList(),
            rules.Where(r => r.Kind == PayerRule.UnitLimit).Select(r => new UnitLimit(r.ProcedureCode, r.MaxUnits!.Value)).ToList(),
            settings?.Policy ?? Corrections.CorrectionPolicy.Replacement, settings?.AppealDays ?? Deadlines.ClaimDeadlines.DefaultAppealDays,
            settings?.After ?? StatusChecks.StatusCheckSettings.DefaultAfterDays, settings?.Every ?? StatusChecks.StatusCheckSettings.DefaultEveryDays,
            settings?.PerDay ?? StatusChecks.StatusCheckSettings.DefaultPerDay);
    }
}
