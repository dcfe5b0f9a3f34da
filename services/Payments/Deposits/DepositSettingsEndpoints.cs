using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Payments.Deposits;

/// <summary>
/// How long a practice waits for a remittance's deposit before listing it. Default 3 business days: CAQH CORE 370 (EFT &amp; ERA
/// Reassociation (CCD+/835) Rule, §4.2) has health plans release the ERA and the EFT within three business days of each other, so an
/// EFT still missing after that is a lost payment to chase.
/// </summary>
public static class DepositSettingsEndpoints
{
    public const int DefaultWaitBusinessDays = 3;
    const int MaxWaitBusinessDays = 60; // the CHECK in migration 0105

    public static RouteGroupBuilder MapDepositSettings(this RouteGroupBuilder group)
    {
        group.MapGet("/", Get);
        group.MapPut("/", Put).WithDescription("{ remittanceWaitBusinessDays }: 0 to 60 business days after the payment date (BPR16) before a remittance with no deposit is listed; default 3 (CAQH CORE 370).");
        return group;
    }

    public static async Task<int> WaitBusinessDaysAsync(NpgsqlConnection connection, Guid tenant) =>
        await connection.ExecuteScalarAsync<int?>("SELECT remittance_wait_business_days FROM deposit_settings WHERE tenant_id = @Tenant", new { Tenant = tenant })
        ?? DefaultWaitBusinessDays;

    static async Task<Ok<DepositSettings>> Get(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(new DepositSettings(await WaitBusinessDaysAsync(connection, user.TenantId())));
    }

    static async Task<Results<Ok<DepositSettings>, ValidationProblem>> Put(DepositSettingsUpdate request, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var v = new Validation();
        v.Check(request.RemittanceWaitBusinessDays is >= 0 and <= MaxWaitBusinessDays, "remittanceWaitBusinessDays", $"is from 0 to {MaxWaitBusinessDays} business days.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO deposit_settings (tenant_id, remittance_wait_business_days) VALUES (@Tenant, @Days)
            ON CONFLICT (tenant_id) DO UPDATE SET remittance_wait_business_days = excluded.remittance_wait_business_days
            """, new { Tenant = user.TenantId(), Days = request.RemittanceWaitBusinessDays });
        return TypedResults.Ok(new DepositSettings(request.RemittanceWaitBusinessDays!.Value));
    }
}
