using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Gateway.Staff;

public sealed record SetPassword(string? Token, string? Password);
public sealed record SignIn(string? Email, string? Password, Guid? Practice);
public sealed record SecondFactorCode(string? Code);
public sealed record SessionView(Guid UserId, Guid TenantId, string Email, string Name, string[] Roles, string Stage, bool SecondFactorEnrolled,
    DateTimeOffset ExpiresAt, DateTimeOffset SignedInAt, string CsrfToken)
{
    public static SessionView Of(StaffSession s) =>
        new(s.UserId, s.TenantId, s.Email, s.Name, s.Roles, s.Stage, s.SecondFactorEnrolled, s.ExpiresAt, s.CreatedAt, s.CsrfToken);
}
public sealed record TotpEnrolment(string Secret, string OtpauthUri, int Digits, int PeriodSeconds, string Algorithm);

/// <summary>
/// Staff sign-in (<c>/api/auth</c>), owned by the gateway. A user is found by email across practices (an email is unique within a
/// practice, and nearly always across them); when one email and password open accounts at more than one practice, the sign-in names
/// <c>practice</c>. Failed sign-ins are counted by email whether or not a user has it, so the answers cannot tell a locked account, an
/// unknown email and a wrong password apart: 5 failures within 15 minutes refuse that email for the rest of the 15 minutes (NIST SP
/// 800-63B §5.2.2 rate limiting), even with the right password; the gateway's limit per client address applies as well.
/// </summary>
public static class AuthEndpoints
{
    public const string Prefix = "/api/auth";
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    /// <summary>Set by a failed sign-in: the access middleware then counts it against the client address as well.</summary>
    public const string FailedItem = "rcm.sign-in-failed";

    /// <summary>Writes of <c>/api/auth</c> that need no session, hence no anti-forgery token.</summary>
    public static bool OpenWithoutSession(PathString path) =>
        path.StartsWithSegments(Prefix + "/sign-in") || path.StartsWithSegments(Prefix + "/set-password");

    public static RouteGroupBuilder MapStaffAuth(this RouteGroupBuilder group)
    {
        group.MapPost("/set-password", SetPasswordAsync);
        group.MapPost("/sign-in", SignInAsync).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/second-factor", SecondFactorAsync).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/sign-out", SignOutAsync);
        group.MapGet("/session", Session);
        group.MapGet("/policy", Policy).WithDescription(
            "What each role may change, as the gateway decides it: every role reads; a change (POST, PUT, PATCH, DELETE) needs a role named by the " +
            "first pattern its path matches ('*' is one segment; a pattern matches the paths under it); a change no pattern names, and every change " +
            "for the admin, is the admin's. The staff portal offers only what the signed-in user's roles may do; the API refuses the rest anyway.");
        group.MapPost("/totp/enroll", EnrolAsync).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/totp/confirm", ConfirmAsync).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static StaffSession? Current(HttpContext context) => context.Items[StaffSessions.Item] as StaffSession;

    static ProblemHttpResult NotSignedIn() =>
        TypedResults.Problem(title: "Unauthorized", statusCode: StatusCodes.Status401Unauthorized,
            detail: "No session: sign in at POST /api/auth/sign-in (a session ends after 15 idle minutes, 12 hours after sign-in, or at sign-out).");

    static ProblemHttpResult WrongCredentials() =>
        TypedResults.Problem(title: "Unauthorized", statusCode: StatusCodes.Status401Unauthorized, detail: "The email or the password is not right.");

    static ProblemHttpResult Locked(HttpContext context)
    {
        context.Response.Headers.RetryAfter = ((int)FailureWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Too many failed sign-ins", statusCode: StatusCodes.Status429TooManyRequests,
            detail: $"{MaxFailures} sign-ins with this email failed within {FailureWindow.TotalMinutes:0} minutes: it is refused for up to {FailureWindow.TotalMinutes:0} minutes. " +
                    "An admin of your practice can reset your password.");
    }

    static async Task<Results<NoContent, ValidationProblem>> SetPasswordAsync(SetPassword request, NpgsqlDataSource db, StaffSessions sessions)
    {
        var v = new Validation();
        v.Required(request.Token, "token");
        v.Required(request.Password, "password");
        if (!v.IsValid) return v.Problem();
        var now = sessions.Now;
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var link = await connection.QuerySingleOrDefaultAsync<TokenOwner>(
            """
            SELECT t.user_id, u.email FROM staff_password_tokens t JOIN staff_users u ON u.id = t.user_id
            WHERE t.token_hash = @Hash AND t.used_at IS NULL AND t.expires_at > @Now
            FOR UPDATE OF t
            """, new { Hash = StaffUserStore.TokenHash(request.Token!), Now = now.UtcDateTime }, tx);
        if (link is not { } found)
            return v.Error("token", $"is not a set-password link that can be used: it is unknown, already used, replaced by a newer one, or older than {StaffUserStore.LinkLifetime.TotalHours:0} hours. Ask an admin of your practice for a new one.").Problem();
        if (PasswordRules.Problem(request.Password, found.Email) is { } problem) return v.Error("password", problem).Problem();
        await connection.ExecuteAsync("UPDATE staff_password_tokens SET used_at = @Now WHERE token_hash = @Hash",
            new { Now = now.UtcDateTime, Hash = StaffUserStore.TokenHash(request.Token!) }, tx);
        await connection.ExecuteAsync("UPDATE staff_users SET password_hash = @PasswordHash, password_changed_at = @Now, updated_at = @Now WHERE id = @UserId",
            new { PasswordHash = PasswordHasher.Hash(request.Password!), Now = now.UtcDateTime, found.UserId }, tx);
        await sessions.EndAllAsync(connection, tx, found.UserId, "password set");
        await tx.CommitAsync();
        return TypedResults.NoContent();
    }

    sealed record Candidate
    {
        public Guid Id { get; init; }
        public Guid TenantId { get; init; }
        public string PasswordHash { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public bool Disabled { get; init; }
        public bool SecondFactorEnrolled { get; init; }
    }

    sealed record TokenOwner
    {
        public Guid UserId { get; init; }
        public string Email { get; init; } = "";
    }

    sealed record Factor
    {
        public byte[] TotpSecret { get; init; } = [];
        public long? TotpLastStep { get; init; }
    }

    static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignIn request, HttpContext context, NpgsqlDataSource db, StaffSessions sessions)
    {
        var v = new Validation();
        // Not an email at all is bad input, not a failed sign-in: it neither counts towards a lockout nor against the client address.
        if (v.Required(request.Email, "email")) v.Check(UsersEndpoints.IsEmail(request.Email!.Trim()), "email", "is not an email address (name@example.com).");
        if (v.Required(request.Password, "password")) v.Check(request.Password!.Length <= 1024, "password", "is at most 1024 characters.");
        if (!v.IsValid) return v.Problem();
        var email = request.Email!.Trim().ToLowerInvariant();
        var now = sessions.Now;
        await using var connection = await db.OpenConnectionAsync();
        if (await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM staff_sign_in_failures WHERE email = @email AND at > @Since",
                new { email, Since = (now - FailureWindow).UtcDateTime }) >= MaxFailures)
            return Locked(context);

        var candidates = (await connection.QueryAsync<Candidate>(
            """
            SELECT id, tenant_id, password_hash, roles, disabled_at IS NOT NULL AS disabled, totp_secret IS NOT NULL AS second_factor_enrolled
            FROM staff_users WHERE lower(email) = @email AND password_hash IS NOT NULL AND (@Practice::uuid IS NULL OR tenant_id = @Practice)
            """, new { email, request.Practice })).ToList();
        if (candidates.Count == 0) PasswordHasher.Verify(request.Password!, PasswordHasher.Decoy.Value);
        var matching = candidates.Where(c => PasswordHasher.Verify(request.Password!, c.PasswordHash)).ToList();
        if (matching.Count == 0)
        {
            await connection.ExecuteAsync("INSERT INTO staff_sign_in_failures (email, at) VALUES (@email, @Now)", new { email, Now = now.UtcDateTime });
            context.Items[FailedItem] = true;
            return WrongCredentials();
        }
        if (matching.Count > 1)
            return v.Error("practice", "this email and password sign in at more than one practice: name the practice (its id) to sign in to.").Problem();
        var user = matching[0];
        if (user.Disabled)
            return TypedResults.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden,
                detail: "This staff user is disabled; an admin of your practice can enable it again.");

        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM staff_sign_in_failures WHERE email = @email", new { email }, tx);
        if (PasswordHasher.NeedsRehash(user.PasswordHash))
            await connection.ExecuteAsync("UPDATE staff_users SET password_hash = @Hash WHERE id = @Id", new { Hash = PasswordHasher.Hash(request.Password!), user.Id }, tx);
        var stage = user.SecondFactorEnrolled ? SessionPolicy.SecondFactor
            : user.Roles.Contains(RevenueCycle.ServiceDefaults.Auth.Roles.Admin) && (await UsersEndpoints.ReadSettingsAsync(connection, user.TenantId, tx)).RequireSecondFactorForAdmins
                ? SessionPolicy.EnrolSecondFactor
                : SessionPolicy.Full;
        // A new sign-in in the same browser replaces the session its cookie held: the old one ends rather than lingering unseen.
        if (Current(context) is { } previous) await sessions.EndAsync(connection, tx, previous.Id, "replaced by a new sign-in");
        var (cookie, session) = await sessions.StartAsync(connection, tx, user.Id, stage);
        await tx.CommitAsync();
        StaffSessions.SetCookie(context, cookie);
        context.Items[StaffSessions.Item] = session;
        return TypedResults.Ok(SessionView.Of(session));
    }

    static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> SecondFactorAsync(
        SecondFactorCode request, HttpContext context, NpgsqlDataSource db, StaffSessions sessions)
    {
        var v = new Validation();
        v.Required(request.Code, "code");
        if (!v.IsValid) return v.Problem();
        if (Current(context) is not { Stage: SessionPolicy.SecondFactor } pending) return NotSignedIn();
        var now = sessions.Now;
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var factor = await connection.QuerySingleAsync<Factor>(
            "SELECT totp_secret, totp_last_step FROM staff_users WHERE id = @UserId FOR UPDATE", new { pending.UserId }, tx);
        if (Totp.Verify(factor.TotpSecret, request.Code, now, factor.TotpLastStep) is not { } step)
        {
            var email = pending.Email.ToLowerInvariant();
            await connection.ExecuteAsync("INSERT INTO staff_sign_in_failures (email, at) VALUES (@email, @Now)", new { email, Now = now.UtcDateTime }, tx);
            var failures = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM staff_sign_in_failures WHERE email = @email AND at > @Since",
                new { email, Since = (now - FailureWindow).UtcDateTime }, tx);
            context.Items[FailedItem] = true;
            if (failures >= MaxFailures)
            {
                await sessions.EndAsync(connection, tx, pending.Id, "second factor failed");
                await tx.CommitAsync();
                StaffSessions.ClearCookie(context);
                return Locked(context);
            }
            await tx.CommitAsync();
            return TypedResults.Problem(title: "Unauthorized", statusCode: StatusCodes.Status401Unauthorized,
                detail: "code: not the authenticator's current code (a code is accepted once).");
        }
        await connection.ExecuteAsync("UPDATE staff_users SET totp_last_step = @step WHERE id = @UserId", new { step, pending.UserId }, tx);
        await connection.ExecuteAsync("DELETE FROM staff_sign_in_failures WHERE email = @email", new { email = pending.Email.ToLowerInvariant() }, tx);
        var (cookie, session) = await sessions.PromoteAsync(connection, tx, pending.Id);
        await tx.CommitAsync();
        StaffSessions.SetCookie(context, cookie);
        context.Items[StaffSessions.Item] = session;
        return TypedResults.Ok(SessionView.Of(session));
    }

    static async Task<NoContent> SignOutAsync(HttpContext context, NpgsqlDataSource db, StaffSessions sessions)
    {
        if (Current(context) is { } session)
        {
            await using var connection = await db.OpenConnectionAsync();
            await sessions.EndAsync(connection, null, session.Id, "signed out");
        }
        StaffSessions.ClearCookie(context);
        return TypedResults.NoContent();
    }

    public sealed record ChangeRule(string Pattern, string[] Roles);
    public sealed record ChangePolicy(IReadOnlyList<ChangeRule> Changes);

    static Ok<ChangePolicy> Policy() =>
        TypedResults.Ok(new ChangePolicy(RevenueCycle.Gateway.Access.RolePolicy.Changes.Select(c => new ChangeRule(c.Pattern, c.Roles)).ToList()));

    static Results<Ok<SessionView>, ProblemHttpResult> Session(HttpContext context) =>
        Current(context) is { } session ? TypedResults.Ok(SessionView.Of(session)) : NotSignedIn();

    /// <summary>
    /// A new TOTP secret for the signed-in user (or one who must enrol before a full session), kept aside until a code from it is
    /// confirmed. A user who has one already asks an admin to reset it first: a session alone never replaces a second factor.
    /// </summary>
    static async Task<Results<Ok<TotpEnrolment>, ProblemHttpResult>> EnrolAsync(HttpContext context, NpgsqlDataSource db)
    {
        if (Current(context) is not { Stage: SessionPolicy.Full or SessionPolicy.EnrolSecondFactor } session) return NotSignedIn();
        if (session.SecondFactorEnrolled)
            return Problems.Conflict("A second factor is already enrolled; an admin of your practice can reset it (POST /api/users/{id}/second-factor/reset).");
        var secret = Totp.NewSecret();
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE staff_users SET totp_pending_secret = @secret WHERE id = @UserId", new { secret, session.UserId });
        return TypedResults.Ok(new TotpEnrolment(Totp.Base32(secret), Totp.Uri(secret, session.Email), Totp.Digits, Totp.StepSeconds, "SHA1"));
    }

    static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        SecondFactorCode request, HttpContext context, NpgsqlDataSource db, StaffSessions sessions)
    {
        var v = new Validation();
        v.Required(request.Code, "code");
        if (!v.IsValid) return v.Problem();
        if (Current(context) is not { Stage: SessionPolicy.Full or SessionPolicy.EnrolSecondFactor } current) return NotSignedIn();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var pendingSecret = await connection.ExecuteScalarAsync<byte[]?>(
            "SELECT totp_pending_secret FROM staff_users WHERE id = @UserId AND totp_secret IS NULL FOR UPDATE", new { current.UserId }, tx);
        if (pendingSecret is null)
            return Problems.Conflict("No enrolment is waiting: start one with POST /api/auth/totp/enroll.");
        if (Totp.Verify(pendingSecret, request.Code, sessions.Now, null) is not { } step)
            return v.Error("code", "is not the current code of the authenticator the secret was added to.").Problem();
        await connection.ExecuteAsync(
            "UPDATE staff_users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = @step, updated_at = @Now WHERE id = @UserId",
            new { step, Now = sessions.Now.UtcDateTime, current.UserId }, tx);
        StaffSession session;
        if (current.Stage == SessionPolicy.EnrolSecondFactor)
        {
            (var cookie, session) = await sessions.PromoteAsync(connection, tx, current.Id);
            StaffSessions.SetCookie(context, cookie);
        }
        else session = current with { SecondFactorEnrolled = true };
        await tx.CommitAsync();
        context.Items[StaffSessions.Item] = session;
        return TypedResults.Ok(SessionView.Of(session));
    }
}
