using System.Net.Mail;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.Gateway.Access;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Gateway.Staff;

public sealed record CreateStaffUser(string? Email, string? Name, string[]? Roles);
public sealed record UpdateStaffUser(string? Name, string[]? Roles);
public sealed record StaffUserCreated(StaffUser User, SetPasswordLink SetPassword);
public sealed record StaffSettings(bool RequireSecondFactorForAdmins);
public sealed record UpdateStaffSettings(bool? RequireSecondFactorForAdmins);

/// <summary>
/// The practice admin's management of its staff users (<c>/api/users</c>): an API key with the admin role, or a signed-in admin.
/// Another practice's user is not found (404). Disabling a user, resetting their password or their second factor ends every session
/// they have at once.
/// </summary>
public static class UsersEndpoints
{
    public const string Prefix = "/api/users";
    const int MaxName = 200;
    const int MaxEmail = 254; // RFC 5321 §4.5.3.1.3, a forward path of 256 less its angle brackets

    public static RouteGroupBuilder MapStaffUsers(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Items[Caller.Item] is Caller { IsAdmin: true }
                ? await next(context)
                : TypedResults.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden,
                    detail: "Staff users are managed by the practice admin: it needs the admin role (an API key with it, or a signed-in admin)."));
        group.MapPost("/", CreateAsync).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync);
        group.MapGet("/settings", SettingsAsync);
        group.MapPut("/settings", UpdateSettingsAsync);
        group.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/disable", DisableAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/enable", EnableAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/password-reset", ResetPasswordAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/second-factor/reset", ResetSecondFactorAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Caller Of(HttpContext context) => (Caller)context.Items[Caller.Item]!;

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"No staff user {id} in this practice.");

    public static bool IsEmail(string email) =>
        email.Length <= MaxEmail && MailAddress.TryCreate(email, out var address) && address.Address == email && !email.Contains(' ')
        && address.Host.Contains('.') && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');

    static void CheckName(Validation v, string? name)
    {
        if (v.Required(name, "name")) v.Check(name!.Trim().Length <= MaxName, "name", $"must be at most {MaxName} characters.");
    }

    static void CheckRoles(Validation v, string[]? roles)
    {
        if (v.Check(roles is { Length: > 0 }, "roles", $"must name at least one of: {string.Join(", ", ApiKeys.KnownRoles)}."))
            for (var i = 0; i < roles!.Length; i++)
                v.Check(ApiKeys.KnownRoles.Contains(roles[i]), $"roles[{i}]", $"'{roles[i]}' is not a role; roles are {string.Join(", ", ApiKeys.KnownRoles)}.");
    }

    static async Task<Results<Created<StaffUserCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateStaffUser request, HttpContext context, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        var email = request.Email?.Trim() ?? "";
        if (v.Required(request.Email, "email")) v.Check(IsEmail(email), "email", "is not an email address (name@example.com).");
        CheckName(v, request.Name);
        CheckRoles(v, request.Roles);
        if (!v.IsValid) return v.Problem();
        var tenant = Of(context).TenantId;
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var id = Guid.CreateVersion7();
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO staff_users (id, tenant_id, email, name, roles, created_at, updated_at)
            VALUES (@id, @tenant, @email, @Name, @Roles, @Now, @Now)
            ON CONFLICT (tenant_id, lower(email)) DO NOTHING
            """, new { id, tenant, email, Name = request.Name!.Trim(), Roles = request.Roles!.Distinct().ToArray(), Now = now.UtcDateTime }, tx);
        if (inserted == 0)
            return Problems.Conflict($"email: this practice already has a staff user with the email {email} (emails are compared without case).",
                new Dictionary<string, object?> { ["field"] = "email" });
        var link = await StaffUserStore.NewLinkAsync(connection, tx, tenant, id, now);
        var user = (await StaffUserStore.FindAsync(connection, tenant, id, tx))!;
        await tx.CommitAsync();
        return TypedResults.Created($"{Prefix}/{id}", new StaffUserCreated(user, link));
    }

    static async Task<Results<Ok<Page<StaffUser>>, ValidationProblem>> ListAsync(HttpContext context, NpgsqlDataSource db, int? limit = null, string? cursor = null)
    {
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API returned.");
        v.Check(limit is null or >= 1 and <= Paging.MaxLimit, "limit", $"must be between 1 and {Paging.MaxLimit}.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<StaffUser>(
            $"SELECT {StaffUserStore.Columns} FROM staff_users WHERE tenant_id = @Tenant AND id > @after ORDER BY id LIMIT @Take",
            new { Tenant = Of(context).TenantId, after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, u => u.Id));
    }

    static async Task<Results<Ok<StaffUser>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await StaffUserStore.FindAsync(connection, Of(context).TenantId, id) is { } user ? TypedResults.Ok(user) : NotFound(id);
    }

    static async Task<Results<Ok<StaffUser>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateStaffUser request, HttpContext context, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        CheckName(v, request.Name);
        CheckRoles(v, request.Roles);
        if (!v.IsValid) return v.Problem();
        var tenant = Of(context).TenantId;
        await using var connection = await db.OpenConnectionAsync();
        // Roles are read from the user's row on every request of their sessions, so a change applies at once.
        var updated = await connection.ExecuteAsync(
            "UPDATE staff_users SET name = @Name, roles = @Roles, updated_at = @Now WHERE tenant_id = @tenant AND id = @id",
            new { Name = request.Name!.Trim(), Roles = request.Roles!.Distinct().ToArray(), Now = clock.GetUtcNow().UtcDateTime, tenant, id });
        return updated == 0 ? NotFound(id) : TypedResults.Ok((await StaffUserStore.FindAsync(connection, tenant, id))!);
    }

    static Task<Results<Ok<StaffUser>, ProblemHttpResult>> DisableAsync(Guid id, HttpContext context, NpgsqlDataSource db, StaffSessions sessions) =>
        ChangeAsync(id, context, db, sessions, "UPDATE staff_users SET disabled_at = coalesce(disabled_at, @Now), updated_at = @Now WHERE tenant_id = @tenant AND id = @id", "user disabled");

    static Task<Results<Ok<StaffUser>, ProblemHttpResult>> EnableAsync(Guid id, HttpContext context, NpgsqlDataSource db, StaffSessions sessions) =>
        ChangeAsync(id, context, db, sessions, "UPDATE staff_users SET disabled_at = NULL, updated_at = @Now WHERE tenant_id = @tenant AND id = @id", null);

    /// <summary>The user's TOTP is removed: they enrol again (at their next sign-in when the practice requires it of admins).</summary>
    static Task<Results<Ok<StaffUser>, ProblemHttpResult>> ResetSecondFactorAsync(Guid id, HttpContext context, NpgsqlDataSource db, StaffSessions sessions) =>
        ChangeAsync(id, context, db, sessions,
            "UPDATE staff_users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = @Now WHERE tenant_id = @tenant AND id = @id",
            "second factor reset");

    static async Task<Results<Ok<StaffUser>, ProblemHttpResult>> ChangeAsync(
        Guid id, HttpContext context, NpgsqlDataSource db, StaffSessions sessions, string sql, string? endSessionsBecause)
    {
        var tenant = Of(context).TenantId;
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await connection.ExecuteAsync(sql, new { Now = sessions.Now.UtcDateTime, tenant, id }, tx) == 0) return NotFound(id);
        if (endSessionsBecause is not null) await sessions.EndAllAsync(connection, tx, id, endSessionsBecause);
        var user = (await StaffUserStore.FindAsync(connection, tenant, id, tx))!;
        await tx.CommitAsync();
        return TypedResults.Ok(user);
    }

    /// <summary>
    /// A new one-time link, as a commercial product does when an admin resets a password: the reset is for a forgotten or exposed
    /// password, so the old one stops working at once and every session ends; until the link is used the user cannot sign in.
    /// </summary>
    static async Task<Results<Ok<SetPasswordLink>, ProblemHttpResult>> ResetPasswordAsync(Guid id, HttpContext context, NpgsqlDataSource db, StaffSessions sessions)
    {
        var tenant = Of(context).TenantId;
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (await connection.ExecuteAsync(
                "UPDATE staff_users SET password_hash = NULL, updated_at = @Now WHERE tenant_id = @tenant AND id = @id",
                new { Now = sessions.Now.UtcDateTime, tenant, id }, tx) == 0)
            return NotFound(id);
        await sessions.EndAllAsync(connection, tx, id, "password reset");
        var link = await StaffUserStore.NewLinkAsync(connection, tx, tenant, id, sessions.Now);
        await tx.CommitAsync();
        return TypedResults.Ok(link);
    }

    static async Task<Ok<StaffSettings>> SettingsAsync(HttpContext context, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok(await ReadSettingsAsync(connection, Of(context).TenantId));
    }

    public static async Task<StaffSettings> ReadSettingsAsync(NpgsqlConnection connection, Guid tenant, NpgsqlTransaction? tx = null) =>
        new(await connection.ExecuteScalarAsync<bool?>("SELECT require_second_factor_for_admins FROM staff_settings WHERE tenant_id = @tenant", new { tenant }, tx) ?? false);

    /// <summary>
    /// With <c>requireSecondFactorForAdmins</c>, a user with the admin role signs in with TOTP; one without it enrols at their next
    /// sign-in before the session is a full one. Sessions already open keep going until they end.
    /// </summary>
    static async Task<Results<Ok<StaffSettings>, ValidationProblem>> UpdateSettingsAsync(UpdateStaffSettings request, HttpContext context, NpgsqlDataSource db, TimeProvider clock)
    {
        var v = new Validation();
        v.Check(request.RequireSecondFactorForAdmins is not null, "requireSecondFactorForAdmins", "is required (true or false).");
        if (!v.IsValid) return v.Problem();
        var tenant = Of(context).TenantId;
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO staff_settings (tenant_id, require_second_factor_for_admins, updated_at) VALUES (@tenant, @Require, @Now)
            ON CONFLICT (tenant_id) DO UPDATE SET require_second_factor_for_admins = excluded.require_second_factor_for_admins, updated_at = excluded.updated_at
            """, new { tenant, Require = request.RequireSecondFactorForAdmins!.Value, Now = clock.GetUtcNow().UtcDateTime });
        return TypedResults.Ok(await ReadSettingsAsync(connection, tenant));
    }
}
