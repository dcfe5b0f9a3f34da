using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Settings;

public sealed record PayerSettingsRequest(
    decimal? AllowedPercent = null,
    IReadOnlyList<FeeSetting>? Fees = null,
    IReadOnlyList<DenialRuleRequest>? Denials = null,
    int? EraDelaySeconds = null,
    IReadOnlyList<string>? RequirePriorAuthorizationFor = null,
    int? TimelyFilingDays = null,
    bool? RejectIn999 = null,
    bool? RedeliverEras = null,
    bool? PayTwice = null,
    IReadOnlyList<string>? PayTwiceProcedureCodes = null,
    CrossoverRequest? CrossoverTo = null,
    RecoupmentRequest? Recoupment = null,
    string? OverpaymentRecovery = null,
    decimal? InterestPercent = null,
    decimal? InterestAmount = null,
    bool? ClaimLevelOnly = null,
    IReadOnlyList<string>? CapitatedCodes = null,
    IReadOnlyList<string>? ClaimRemarks = null,
    IReadOnlyList<string>? DeniedClaimRemarks = null,
    bool? TwoStageAcknowledgments = null,
    IReadOnlyList<PayerRejectRequest>? PayerRejects = null,
    string? Acknowledgment999 = null,
    bool? Require2310CForFacilityPos = null,
    bool? RequireSbr05OnMedicareSecondary = null,
    bool? RequireAmtEafAfterPriorPayer = null,
    bool? LoseClaims = null,
    bool? WithholdEras = null);

public sealed record PayerRejectRequest(string? ProcedureCode = null, string? DiagnosisPrefix = null, string? Category = null, string? StatusCode = null,
    string? EntityCode = null, string? Message = null);

public sealed record CrossoverRequest(string? PayerId = null, string? Name = null);

public sealed record RecoupmentRequest(decimal? PaidPercent = null, IReadOnlyList<string>? ProcedureCodes = null);

public sealed record DenialRuleRequest(string? ProcedureCode = null, string? DiagnosisPrefix = null, string? Carc = null, string? Rarc = null);

public sealed record MemberRequest(
    bool? Active = null,
    DateOnly? EffectiveFrom = null,
    DateOnly? EffectiveTo = null,
    decimal? Copay = null,
    decimal? Deductible = null,
    decimal? DeductibleMet = null,
    decimal? CoinsurancePercent = null,
    bool? Invalid = null);

public sealed record MemberResponse(string PayerId, string MemberId, bool Active, bool Invalid, DateOnly? EffectiveFrom, DateOnly? EffectiveTo,
    decimal Copay, decimal Deductible, decimal DeductibleMet, decimal DeductibleRemaining, decimal CoinsurancePercent, bool Configured);

/// <summary><c>/simulator/payers</c>: how each simulated payer adjudicates and what each member's plan is.</summary>
public static class SettingsEndpoints
{
    const int MaxEraDelaySeconds = 86_400;
    const int MaxIdLength = 80; // 2010BB NM109 and 2010BA NM109 are AN 2/80
    const int MaxPayerNameLength = 60; // 835 2100 NM1*TT NM103 and 1000A N102 are AN 1/60
    const int MaxClaimRemarks = OutpatientAdjudication.MaxRemarkCodes; // MOA03..MOA07
    const decimal DefaultRecoupedPaidPercent = 50m;
    const int MaxStatusMessageLength = 264; // 277CA 2200D STC12 is AN 1/264
    static readonly string[] PayerRejectCategories = [ClaimStatusDetail.ReturnedAsUnprocessable, ClaimStatusDetail.RejectedMissingInformation,
        ClaimStatusDetail.RejectedInvalidInformation, ClaimStatusDetail.RejectedRelationalField];

    public static RouteGroupBuilder MapSimulatorSettings(this RouteGroupBuilder group)
    {
        group.MapPut("/payers/{payerId}", PutPayer);
        group.MapGet("/payers/{payerId}", GetPayer);
        group.MapPut("/payers/{payerId}/members/{memberId}", PutMember);
        group.MapGet("/payers/{payerId}/members/{memberId}", GetMember);
        return group;
    }

    static async Task<Results<Ok<PayerSettings>, ValidationProblem>> PutPayer(string payerId, PayerSettingsRequest request, NpgsqlDataSource db)
    {
        var v = new Validation();
        v.Check(payerId.Length <= MaxIdLength, "payerId", $"must be at most {MaxIdLength} characters.");
        if (request.AllowedPercent is { } percent)
            v.Check(percent is >= 0 and <= 100, "allowedPercent", "must be between 0 and 100.");
        for (var i = 0; i < (request.Fees?.Count ?? 0); i++)
        {
            var fee = request.Fees![i];
            if (fee is null) { v.Error($"fees[{i}]", "must not be null."); continue; }
            v.Check(!string.IsNullOrWhiteSpace(fee.Code), $"fees[{i}].code", "is required.");
            v.Check(fee.Allowed >= 0, $"fees[{i}].allowed", "must not be negative.");
        }
        for (var i = 0; i < (request.Denials?.Count ?? 0); i++)
        {
            var denial = request.Denials![i];
            if (denial is null) { v.Error($"denials[{i}]", "must not be null."); continue; }
            v.Check(denial.Carc is { Length: >= 1 and <= 5 } && denial.Carc.All(char.IsLetterOrDigit), $"denials[{i}].carc", "is required: a claim adjustment reason code such as 50.");
            if (denial.Rarc is not null)
                v.Check(denial.Rarc.Length is >= 2 and <= 5 && denial.Rarc.All(char.IsLetterOrDigit), $"denials[{i}].rarc", "must be a remark code such as N115.");
        }
        if (request.EraDelaySeconds is { } delay)
            v.Check(delay is >= 0 and <= MaxEraDelaySeconds, "eraDelaySeconds", $"must be between 0 and {MaxEraDelaySeconds}.");
        if (request.TimelyFilingDays is { } days)
            v.Check(days > 0, "timelyFilingDays", "must be positive.");
        if (request.RequirePriorAuthorizationFor is { } codes)
            for (var i = 0; i < codes.Count; i++)
                v.Check(!string.IsNullOrWhiteSpace(codes[i]), $"requirePriorAuthorizationFor[{i}]", "must be a procedure code.");
        if (request.RejectIn999 == true) // the 999's IK4 copies the refused id: it must be one a 2010BB NM109 can carry
            v.Check(IsX12Id(payerId), "rejectIn999", "needs a payer id of 2 to 80 characters without X12 delimiters, as 2010BB NM109 carries it.");
        CheckCodes(v, "payTwiceProcedureCodes", request.PayTwiceProcedureCodes);
        CheckCodes(v, "capitatedCodes", request.CapitatedCodes);
        if (request.CrossoverTo is { } crossover)
        {
            v.Check(IsX12Id(crossover.PayerId), "crossoverTo.payerId", "is required: the payer id of 2 to 80 characters without X12 delimiters that NM1*TT NM109 carries.");
            if (v.Check(crossover.PayerId?.Trim() != payerId, "crossoverTo.payerId", "must be another payer than this one."))
                v.Check(!string.IsNullOrWhiteSpace(crossover.Name) && crossover.Name.Trim().Length <= MaxPayerNameLength && IsX12Text(crossover.Name),
                    "crossoverTo.name", $"is required: the crossover carrier's name (NM1*TT NM103), at most {MaxPayerNameLength} characters without X12 delimiters.");
        }
        if (request.Recoupment is { } recoupment)
        {
            v.Check(recoupment.PaidPercent is null or (>= 0 and < 100), "recoupment.paidPercent", "must be at least 0 and below 100 (what the corrected claim pays, as a share of the first payment).");
            CheckCodes(v, "recoupment.procedureCodes", recoupment.ProcedureCodes);
        }
        if (request.OverpaymentRecovery is { } recovery)
            v.Check(recovery is ProviderAdjustmentCodes.OverpaymentRecovery or ProviderAdjustmentCodes.ForwardingBalance, "overpaymentRecovery", "must be WO (overpayment recovery) or FB (forwarding balance).");
        if (request.InterestPercent is { } interestPercent)
            v.Check(interestPercent is > 0 and <= 100, "interestPercent", "must be above 0 and at most 100.");
        if (request.InterestAmount is { } interestAmount)
            v.Check(interestAmount > 0, "interestAmount", "must be positive.");
        CheckRemarks(v, "claimRemarks", request.ClaimRemarks);
        CheckRemarks(v, "deniedClaimRemarks", request.DeniedClaimRemarks);
        if (request.ClaimRemarks is { } general && request.DeniedClaimRemarks is { } denied)
            v.Check(general.Concat(denied).Distinct(StringComparer.OrdinalIgnoreCase).Count() <= MaxClaimRemarks, "deniedClaimRemarks",
                $"with claimRemarks must make at most {MaxClaimRemarks} remark codes (MOA03..MOA07).");
        for (var i = 0; i < (request.PayerRejects?.Count ?? 0); i++)
        {
            var reject = request.PayerRejects![i];
            if (reject is null) { v.Error($"payerRejects[{i}]", "must not be null."); continue; }
            v.Check(reject.Category?.Trim().ToUpperInvariant() is { } category && PayerRejectCategories.Contains(category), $"payerRejects[{i}].category",
                "is required: a 277CA rejection category, A3 (returned as unprocessable), A6 (missing information), A7 (invalid information) or A8 (relational field in error).");
            v.Check(reject.StatusCode is { Length: >= 1 and <= 30 } && reject.StatusCode.All(char.IsLetterOrDigit), $"payerRejects[{i}].statusCode",
                "is required: a claim status code (code list 508) such as 21.");
            if (reject.EntityCode is not null)
                v.Check(reject.EntityCode.Length is >= 2 and <= 3 && reject.EntityCode.All(char.IsLetterOrDigit), $"payerRejects[{i}].entityCode",
                    "must be an entity identifier code such as 85 (billing provider) or IL (subscriber).");
            v.Check(!string.IsNullOrWhiteSpace(reject.Message) && reject.Message.Trim().Length <= MaxStatusMessageLength && IsX12Text(reject.Message),
                $"payerRejects[{i}].message", $"is required: the STC12 text, at most {MaxStatusMessageLength} characters without X12 delimiters.");
            if (reject.ProcedureCode is not null)
                v.Check(IsX12Text(reject.ProcedureCode), $"payerRejects[{i}].procedureCode", "must be a procedure code.");
            if (reject.DiagnosisPrefix is not null)
                v.Check(IsX12Text(reject.DiagnosisPrefix), $"payerRejects[{i}].diagnosisPrefix", "must be the start of a diagnosis code.");
        }
        if (request.Acknowledgment999?.Trim().ToUpperInvariant() is { } code999)
        {
            if (v.Check(Acknowledgment999Codes.All.Contains(code999), "acknowledgment999",
                    "must be A (accepted), E (accepted, errors noted), M (MAC failed), W (assurance failed validity tests) or X (content could not be analysed); R is rejectIn999."))
                if (code999 == Acknowledgment999Codes.AcceptedWithErrors) // the IK4 copies the payer id, as for rejectIn999
                    v.Check(IsX12Id(payerId), "acknowledgment999", "E needs a payer id of 2 to 80 characters without X12 delimiters, as 2010BB NM109 carries it.");
        }
        if (!v.IsValid) return v.Problem();

        var settings = new PayerSettings
        {
            AllowedPercent = request.AllowedPercent ?? PayerSettings.DefaultAllowedPercent,
            Fees = request.Fees?.Select(f => f with { Code = f.Code.Trim().ToUpperInvariant() }).ToList() ?? [],
            Denials = request.Denials?.Select(d => new DenialRule(Blank(d.ProcedureCode)?.ToUpperInvariant(), Blank(d.DiagnosisPrefix)?.Replace(".", "").ToUpperInvariant(), d.Carc!, Blank(d.Rarc)?.ToUpperInvariant())).ToList() ?? [],
            EraDelaySeconds = request.EraDelaySeconds ?? 0,
            RequirePriorAuthorizationFor = request.RequirePriorAuthorizationFor?.Select(c => c.Trim().ToUpperInvariant()).ToList() ?? [],
            TimelyFilingDays = request.TimelyFilingDays,
            RejectIn999 = request.RejectIn999 ?? false,
            RedeliverEras = request.RedeliverEras ?? false,
            PayTwice = request.PayTwice ?? false,
            PayTwiceProcedureCodes = Codes(request.PayTwiceProcedureCodes),
            CrossoverTo = request.CrossoverTo is { } to ? new CrossoverPayer(to.PayerId!.Trim(), to.Name!.Trim()) : null,
            Recoupment = request.Recoupment is { } r ? new RecoupmentSetting(r.PaidPercent ?? DefaultRecoupedPaidPercent, Codes(r.ProcedureCodes)) : null,
            OverpaymentRecovery = request.OverpaymentRecovery ?? ProviderAdjustmentCodes.OverpaymentRecovery,
            InterestPercent = request.InterestPercent,
            InterestAmount = request.InterestAmount,
            ClaimLevelOnly = request.ClaimLevelOnly ?? false,
            CapitatedCodes = Codes(request.CapitatedCodes),
            ClaimRemarks = Codes(request.ClaimRemarks),
            DeniedClaimRemarks = Codes(request.DeniedClaimRemarks),
            TwoStageAcknowledgments = request.TwoStageAcknowledgments ?? false,
            PayerRejects = request.PayerRejects?.Select(r => new PayerRejectRule(Blank(r.ProcedureCode)?.ToUpperInvariant(),
                Blank(r.DiagnosisPrefix)?.Replace(".", "").ToUpperInvariant(), r.Category!.Trim().ToUpperInvariant(), r.StatusCode!.Trim(), Blank(r.EntityCode)?.ToUpperInvariant(), r.Message!.Trim())).ToList() ?? [],
            Acknowledgment999 = request.Acknowledgment999?.Trim().ToUpperInvariant() ?? Acknowledgment999Codes.Accepted,
            Require2310CForFacilityPos = request.Require2310CForFacilityPos ?? false,
            RequireSbr05OnMedicareSecondary = request.RequireSbr05OnMedicareSecondary ?? false,
            RequireAmtEafAfterPriorPayer = request.RequireAmtEafAfterPriorPayer ?? false,
            LoseClaims = request.LoseClaims ?? false,
            WithholdEras = request.WithholdEras ?? false,
        };
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO payers (payer_id, settings) VALUES (@payerId, @settings::jsonb)
            ON CONFLICT (payer_id) DO UPDATE SET settings = excluded.settings, updated_at = now()
            """, new { payerId, settings = JsonSerializer.Serialize(settings, SettingsStore.Json) });
        return TypedResults.Ok(settings);
    }

    static async Task<Ok<PayerSettings>> GetPayer(string payerId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await SettingsStore.PayerAsync(connection, payerId));
    }

    static async Task<Results<Ok<MemberResponse>, ValidationProblem>> PutMember(string payerId, string memberId, MemberRequest request, NpgsqlDataSource db)
    {
        var v = new Validation();
        v.Check(payerId.Length <= MaxIdLength, "payerId", $"must be at most {MaxIdLength} characters.");
        v.Check(memberId.Length <= MaxIdLength, "memberId", $"must be at most {MaxIdLength} characters.");
        var copay = request.Copay ?? 0;
        var deductible = request.Deductible ?? 0;
        var met = request.DeductibleMet ?? 0;
        var coinsurance = request.CoinsurancePercent ?? MemberPlan.DefaultCoinsurancePercent;
        v.Check(copay >= 0, "copay", "must not be negative.");
        v.Check(deductible >= 0, "deductible", "must not be negative.");
        if (v.Check(met >= 0, "deductibleMet", "must not be negative."))
            v.Check(met <= deductible, "deductibleMet", "must not exceed the deductible.");
        v.Check(coinsurance is >= 0 and <= 100, "coinsurancePercent", "must be between 0 and 100.");
        if (request.EffectiveFrom is { } from && request.EffectiveTo is { } to)
            v.Check(from <= to, "effectiveTo", "must not be before effectiveFrom.");
        if (!v.IsValid) return v.Problem();

        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO members (payer_id, member_id, active, invalid, effective_from, effective_to, copay, deductible, deductible_met, coinsurance_percent)
            VALUES (@payerId, @memberId, @active, @invalid, @from, @to, @copay, @deductible, @met, @coinsurance)
            ON CONFLICT (payer_id, member_id) DO UPDATE SET active = excluded.active, invalid = excluded.invalid,
                effective_from = excluded.effective_from, effective_to = excluded.effective_to, copay = excluded.copay,
                deductible = excluded.deductible, deductible_met = excluded.deductible_met,
                coinsurance_percent = excluded.coinsurance_percent, updated_at = now()
            """,
            new { payerId, memberId, active = request.Active ?? true, invalid = request.Invalid ?? false, from = request.EffectiveFrom, to = request.EffectiveTo, copay, deductible, met, coinsurance });
        return TypedResults.Ok(Response(payerId, memberId, (await SettingsStore.MemberAsync(connection, payerId, memberId))!, configured: true));
    }

    static async Task<Ok<MemberResponse>> GetMember(string payerId, string memberId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var plan = await SettingsStore.MemberAsync(connection, payerId, memberId);
        return TypedResults.Ok(Response(payerId, memberId, plan ?? MemberPlan.Unknown, configured: plan is not null));
    }

    static MemberResponse Response(string payerId, string memberId, MemberPlan plan, bool configured) =>
        new(payerId, memberId, plan.Active, plan.Invalid, plan.EffectiveFrom, plan.EffectiveTo, plan.Copay, plan.Deductible, plan.DeductibleMet,
            plan.DeductibleRemaining, plan.CoinsurancePercent, configured);

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static List<string> Codes(IReadOnlyList<string>? codes) =>
        codes?.Select(c => c.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList() ?? [];

    static bool IsX12Text(string value) => value.All(c => !char.IsControl(c) && c is not ('*' or ':' or '^' or '~' or '|'));

    static bool IsX12Id(string? value) => value is not null && value.Trim().Length is >= 2 and <= MaxIdLength && IsX12Text(value);

    static void CheckCodes(Validation v, string field, IReadOnlyList<string>? codes)
    {
        for (var i = 0; i < (codes?.Count ?? 0); i++)
            v.Check(!string.IsNullOrWhiteSpace(codes![i]) && IsX12Text(codes[i]), $"{field}[{i}]", "must be a procedure code.");
    }

    static void CheckRemarks(Validation v, string field, IReadOnlyList<string>? remarks)
    {
        if (remarks is null) return;
        v.Check(remarks.Count <= MaxClaimRemarks, field, $"must hold at most {MaxClaimRemarks} remark codes (MOA03..MOA07).");
        for (var i = 0; i < remarks.Count; i++)
            v.Check(remarks[i] is { } code && code.Trim().Length is >= 2 and <= 5 && code.Trim().All(char.IsLetterOrDigit), $"{field}[{i}]",
                "must be a remittance advice remark code such as MA130.");
    }
}
