using System.Security.Claims;
using Dapper;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Scrubbing;
using RevenueCycle.Claims.Submission;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Claims.FeeSchedule;

public sealed record FeeItem(string Code, decimal Amount);

public sealed record FeeScheduleRequest(IReadOnlyList<FeeItem> Items);

public sealed record FeeScheduleResponse(IReadOnlyList<FeeItem> Items);

public static class FeeScheduleEndpoints
{
    const decimal MaxFee = 9_999_999.99m; // numeric(12,2) and SV102

    public static RouteGroupBuilder MapFeeSchedule(this RouteGroupBuilder group)
    {
        group.MapPut("/", Put);
        group.MapGet("/", Get);
        return group;
    }

    /// <summary>Sets fees for the codes given (others are kept); held claims waiting for one of them are re-priced and re-scrubbed.</summary>
    static async Task<Results<Ok<FeeScheduleResponse>, ValidationProblem>> Put(
        FeeScheduleRequest request, ClaimsPrincipal user, NpgsqlDataSource db, ISendEndpointProvider send, IConfiguration configuration, ILoggerFactory logs,
        TimeProvider clock)
    {
        var v = new Validation();
        if (v.Check(request.Items is { Count: > 0 }, "items", "must list at least one fee."))
        {
            for (var i = 0; i < request.Items.Count; i++)
            {
                var item = request.Items[i];
                if (v.Required(item.Code, $"items[{i}].code"))
                    v.Check(item.Code.Length is >= 4 and <= 7 && item.Code.All(char.IsAsciiLetterOrDigit), $"items[{i}].code", "must be a CPT or HCPCS code (5 letters or digits).");
                // $0.00 is a fee: 99024 (post-operative visit in the global period) and quality data codes (Category II, G8427) are billed at $0.00.
                v.Check(item.Amount >= 0 && item.Amount <= MaxFee && decimal.Round(item.Amount, 2) == item.Amount, $"items[{i}].amount",
                    $"must be an amount in dollars and cents from 0.00 to {MaxFee}.");
            }
            foreach (var dup in request.Items.GroupBy(i => i.Code).Where(g => g.Count() > 1))
                v.Error("items", $"code {dup.Key} is listed more than once.");
        }
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO fee_schedule (tenant_id, code, amount) VALUES (@Tenant, @Code, @Amount)
            ON CONFLICT (tenant_id, code) DO UPDATE SET amount = excluded.amount, changed_at = now()
            """, request.Items.Select(i => new { Tenant = tenant, Code = i.Code.ToUpperInvariant(), i.Amount }), tx);
        var fees = request.Items.ToDictionary(i => i.Code.ToUpperInvariant(), i => i.Amount);
        var notices = await ClaimScrubbing.RescrubUnsentAsync(connection, tx, tenant, clock, claim =>
        {
            var data = claim.ClaimData();
            return data.Lines.Any(l => fees.ContainsKey(l.ProcedureCode)) ? data with { Lines = Fees.Price(data.Lines, fees) } : null;
        });
        await tx.CommitAsync();
        await SubmissionQueue.NotifyAsync(send, configuration, notices, logs.CreateLogger("FeeSchedule"));
        return TypedResults.Ok(await LoadAsync(connection, tenant));
    }

    static async Task<Ok<FeeScheduleResponse>> Get(ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        return TypedResults.Ok(await LoadAsync(connection, user.TenantId()));
    }

    static async Task<FeeScheduleResponse> LoadAsync(NpgsqlConnection connection, Guid tenant) =>
        new((await connection.QueryAsync<(string Code, decimal Amount)>(
            "SELECT code, amount FROM fee_schedule WHERE tenant_id = @Tenant ORDER BY code", new { Tenant = tenant }))
            .Select(f => new FeeItem(f.Code, f.Amount)).ToList());
}
