using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.PatientBilling.Settings;

/// <summary>The notices of a dunning sequence, in the order a practice may send them.</summary>
public static class Notice
{
    public const string Statement = "statement";
    public const string SecondStatement = "second-statement";
    public const string FinalNotice = "final-notice";
    /// <summary>A statement for an account on a payment plan in good standing: it asks for the installment, and is not dunning.</summary>
    public const string PaymentPlan = "payment-plan";

    public static readonly string[] Dunning = [Statement, SecondStatement, FinalNotice];
}

/// <summary>A practice's patient-billing policy.</summary>
public sealed record BillingSettings
{
    /// <summary>Accounts owing this much or less get no statement (printing and postage cost more).</summary>
    public decimal MinimumStatementBalance { get; init; } = 5.00m;
    /// <summary>Days between two statements to one account.</summary>
    public int CycleDays { get; init; } = 30;
    /// <summary>Days from the statement date to its due date.</summary>
    public int DueDays { get; init; } = 21;
    /// <summary>The notices sent, one per cycle, while nothing is paid.</summary>
    public IReadOnlyList<string> DunningSequence { get; init; } = Notice.Dunning;
    /// <summary>Days after the last notice of the sequence, still unpaid, before the account goes to collections.</summary>
    public int CollectionsAfterDays { get; init; } = 30;

    public static readonly BillingSettings Default = new();

    public static async Task<BillingSettings> LoadAsync(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            """
            SELECT minimum_statement_balance, cycle_days, due_days, dunning_sequence, collections_after_days
            FROM billing_settings WHERE tenant_id = @Tenant
            """, new { Tenant = tenant }, tx);
        return row is null ? Default : new BillingSettings
        {
            MinimumStatementBalance = row.MinimumStatementBalance, CycleDays = row.CycleDays, DueDays = row.DueDays,
            DunningSequence = row.DunningSequence, CollectionsAfterDays = row.CollectionsAfterDays,
        };
    }

    sealed record Row
    {
        public decimal MinimumStatementBalance { get; init; }
        public int CycleDays { get; init; }
        public int DueDays { get; init; }
        public string[] DunningSequence { get; init; } = [];
        public int CollectionsAfterDays { get; init; }
    }
}

public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder group)
    {
        group.MapGet("/", Get);
        group.MapPut("/", Put);
        return group;
    }

    static async Task<Ok<BillingSettings>> Get(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await BillingSettings.LoadAsync(connection, user.TenantId()));
    }

    static async Task<Results<Ok<BillingSettings>, ValidationProblem>> Put(BillingSettings request, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var v = new Validation();
        v.Check(request.MinimumStatementBalance >= 0, "minimumStatementBalance", "must be zero or more.");
        v.Check(request.CycleDays is >= 7 and <= 120, "cycleDays", "must be 7 to 120 days.");
        v.Check(request.DueDays is >= 1 and <= 90, "dueDays", "must be 1 to 90 days.");
        v.Check(request.CollectionsAfterDays is >= 1 and <= 365, "collectionsAfterDays", "must be 1 to 365 days.");
        var sequence = request.DunningSequence ?? [];
        if (v.Check(sequence.Count is >= 1 and <= 6, "dunningSequence", "must list 1 to 6 notices."))
            v.Check(sequence.All(n => Notice.Dunning.Contains(n)), "dunningSequence",
                $"notices must be {string.Join(", ", Notice.Dunning)}.");
        if (!v.IsValid) return v.Problem();

        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO billing_settings (tenant_id, minimum_statement_balance, cycle_days, due_days, dunning_sequence, collections_after_days)
            VALUES (@Tenant, @MinimumStatementBalance, @CycleDays, @DueDays, @DunningSequence, @CollectionsAfterDays)
            ON CONFLICT (tenant_id) DO UPDATE SET
                minimum_statement_balance = excluded.minimum_statement_balance, cycle_days = excluded.cycle_days,
                due_days = excluded.due_days, dunning_sequence = excluded.dunning_sequence,
                collections_after_days = excluded.collections_after_days, updated_at = now()
            """,
            new
            {
                Tenant = user.TenantId(), request.MinimumStatementBalance, request.CycleDays, request.DueDays,
                DunningSequence = sequence.ToArray(), request.CollectionsAfterDays,
            });
        return TypedResults.Ok(request with { DunningSequence = sequence.ToArray() });
    }
}
