using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.Deadlines;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Claims.Appeals;

/// <summary>An appeal as filed: <see cref="Level"/> first, second or external; <see cref="SentOn"/> the date it went to the payer.</summary>
public sealed record AppealRequest(string Reason, string? Level = null, DateOnly? SentOn = null);

/// <summary>The payer's answer to an appeal: overturned, partially-overturned, upheld, or withdrawn by the practice.</summary>
public sealed record AppealDecisionRequest(string Outcome, DateOnly? DecidedOn = null, string? Note = null);

public sealed record AppealView(
    Guid Id, string Level, string Reason, DateOnly SentOn, DateOnly? Deadline, bool FiledLate, string Outcome, DateOnly? DecidedOn, string? Note,
    string FiledBy, string? DecidedBy);

public sealed class AppealRow
{
    public Guid Id { get; init; }
    public Guid ClaimId { get; init; }
    public int Level { get; init; }
    public string StatusAtFiling { get; init; } = "";
    public string Reason { get; init; } = "";
    public DateOnly SentOn { get; init; }
    public DateOnly? Deadline { get; init; }
    public string Outcome { get; init; } = "";
    public DateOnly? DecidedOn { get; init; }
    public string? Note { get; init; }
    public string FiledBy { get; init; } = "";
    public string? DecidedBy { get; init; }

    public AppealView View() => new(Id, AppealLevels.Name(Level), Reason, SentOn, Deadline, Deadline is { } d && SentOn > d, Outcome, DecidedOn, Note, FiledBy, DecidedBy);
}

/// <summary>
/// Appeal levels as payers run them: a first-level appeal (Medicare: redetermination by the MAC), a second level (Medicare:
/// reconsideration by a QIC), then external review. A level may be filed only after the one before it was upheld.
/// </summary>
public static class AppealLevels
{
    static readonly string[] Names = ["first", "second", "external"];
    public static string Name(int level) => Names[level - 1];
    public static int? Parse(string? name) => Array.IndexOf(Names, name) is var i and >= 0 ? i + 1 : null;
    public static string All => string.Join(", ", Names);

    public const string Pending = "pending", Overturned = "overturned", PartiallyOverturned = "partially-overturned", Upheld = "upheld", Withdrawn = "withdrawn";
    public static readonly string[] Outcomes = [Overturned, PartiallyOverturned, Upheld, Withdrawn];
}

public static class AppealsEndpoints
{
    const int MaxText = 1000;
    const string Columns = "id, claim_id, level, status_at_filing, reason, sent_on, deadline, outcome, decided_on, note, filed_by, decided_by";

    public static RouteGroupBuilder MapAppeals(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/appeals", File);
        group.MapGet("/{id:guid}/appeals", List);
        group.MapPost("/{id:guid}/appeals/{appealId:guid}/decision", Decide);
        return group;
    }

    public static async Task<ILookup<Guid, AppealRow>> ForClaimsAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> claimIds) =>
        (await connection.QueryAsync<AppealRow>($"SELECT {Columns} FROM claim_appeals WHERE claim_id = ANY(@Ids) ORDER BY level",
            new { Ids = claimIds.ToArray() })).ToLookup(a => a.ClaimId);

    /// <summary>
    /// Files the next appeal level of a denied or partly paid claim, within (or, flagged, after) its appeal deadline; the claim
    /// moves to appealed until the payer answers.
    /// </summary>
    static async Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> File(
        Guid id, AppealRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var v = new Validation();
        if (v.Required(request.Reason, "reason")) v.Check(request.Reason.Length <= MaxText, "reason", $"must be at most {MaxText} characters.");
        v.Check(request.Level is null || AppealLevels.Parse(request.Level) is not null, "level", $"must be one of {AppealLevels.All}.");
        v.Check(request.SentOn is null || request.SentOn <= today, "sentOn", "cannot be in the future.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, tenant, id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        if (claim.Status is not (ClaimStatus.Denied or ClaimStatus.PartiallyPaid))
            return Problems.Conflict($"Only a denied or partially paid claim can be appealed; this one is {claim.Status}.");
        var earlier = (await connection.QueryAsync<AppealRow>($"SELECT {Columns} FROM claim_appeals WHERE claim_id = @Id ORDER BY level", new { Id = id }, tx)).ToList();
        var next = earlier.Count == 0 ? 1 : earlier[^1].Level + 1;
        if (next > 3) return Problems.Conflict("Every appeal level (first, second, external review) has been used for this claim.");
        if (request.Level is not null && AppealLevels.Parse(request.Level) != next)
            return Problems.Conflict($"The next appeal of this claim is the {AppealLevels.Name(next)} level" +
                (next == 1 ? "." : $": the {AppealLevels.Name(next - 1)} level was {earlier[^1].Outcome}."),
                new Dictionary<string, object?> { ["field"] = "level" });

        var settings = await ClaimDeadlines.LoadAsync(connection, [tenant], tx);
        var deadline = ClaimDeadlines.For(claim, settings.AppealDaysFor(tenant, claim.PayerId), settings.WarningFor(tenant), today);
        var sentOn = request.SentOn ?? today;
        var reason = request.Reason.Trim();
        var by = user.FindFirst(InternalToken.KeyClaim)?.Value ?? "unknown";
        await connection.ExecuteAsync(
            """
            INSERT INTO claim_appeals (id, tenant_id, claim_id, level, status_at_filing, reason, sent_on, deadline, filed_by)
            VALUES (@Id, @Tenant, @ClaimId, @Level, @Status, @Reason, @SentOn, @Deadline, @By)
            """, new { Id = Guid.CreateVersion7(), Tenant = tenant, ClaimId = id, Level = next, claim.Status, Reason = reason, SentOn = sentOn, Deadline = deadline?.Date, By = by }, tx);
        await ClaimStore.SaveDataAsync(connection, tx, id, claim.ClaimData() with { Appeal = new Appeal(reason, sentOn) });
        var late = deadline is { } d && sentOn > d.Date ? $" after its deadline of {d.Date:yyyy-MM-dd}" : "";
        await ClaimStore.TransitionAsync(connection, tx, tenant, id, ClaimEvent.Appealed, $"Appealed ({AppealLevels.Name(next)} level, sent {sentOn:yyyy-MM-dd}{late}): {reason}");
        var view = (await ClaimsEndpoints.ViewsAsync(connection, [(await ClaimStore.FindAsync(connection, tenant, id))!], today))[0];
        return await tx.CommitAsync(http, TypedResults.Ok(view), ct);
    }

    static async Task<Results<Ok<IReadOnlyList<AppealView>>, ProblemHttpResult>> List(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        if (await ClaimStore.FindAsync(connection, user.TenantId(), id) is null) return Problems.NotFound($"No claim {id}.");
        return TypedResults.Ok<IReadOnlyList<AppealView>>((await ForClaimsAsync(connection, [id]))[id].Select(a => a.View()).ToList());
    }

    /// <summary>
    /// Records the payer's answer. Upheld (or withdrawn): the claim returns to the decision it appealed; an upheld appeal opens the
    /// next level's window from its decision date. Overturned: the claim stays appealed until the payer's new remittance posts.
    /// </summary>
    static async Task<Results<Ok<ClaimView>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, Guid appealId, AppealDecisionRequest request, ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var v = new Validation();
        v.Check(AppealLevels.Outcomes.Contains(request.Outcome), "outcome", $"must be one of {string.Join(", ", AppealLevels.Outcomes)}.");
        v.Check(request.DecidedOn is null || request.DecidedOn <= today, "decidedOn", "cannot be in the future.");
        v.Check(request.Note is null || request.Note.Length <= MaxText, "note", $"must be at most {MaxText} characters.");
        if (!v.IsValid) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var claim = await ClaimStore.FindForUpdateAsync(connection, tx, tenant, id);
        if (claim is null) return Problems.NotFound($"No claim {id}.");
        var appeal = await connection.QuerySingleOrDefaultAsync<AppealRow>(
            $"SELECT {Columns} FROM claim_appeals WHERE tenant_id = @Tenant AND claim_id = @Id AND id = @AppealId FOR UPDATE", new { Tenant = tenant, Id = id, AppealId = appealId }, tx);
        if (appeal is null) return Problems.NotFound($"No appeal {appealId} of claim {id}.");
        if (appeal.Outcome != AppealLevels.Pending) return Problems.Conflict($"This appeal was already decided: {appeal.Outcome} on {appeal.DecidedOn:yyyy-MM-dd}.");
        var decidedOn = request.DecidedOn ?? today;
        if (decidedOn < appeal.SentOn)
            return Problems.Unprocessable($"decidedOn {decidedOn:yyyy-MM-dd} is before the appeal was sent ({appeal.SentOn:yyyy-MM-dd}).", new Dictionary<string, object?> { ["field"] = "decidedOn" });

        var by = user.FindFirst(InternalToken.KeyClaim)?.Value ?? "unknown";
        await connection.ExecuteAsync(
            "UPDATE claim_appeals SET outcome = @Outcome, decided_on = @DecidedOn, note = @Note, decided_by = @By WHERE id = @Id",
            new { request.Outcome, DecidedOn = decidedOn, Note = request.Note?.Trim(), By = by, Id = appealId }, tx);
        var level = AppealLevels.Name(appeal.Level);
        var detail = $"Appeal ({level} level) {request.Outcome} on {decidedOn:yyyy-MM-dd}{(request.Note is { Length: > 0 } n ? $": {n.Trim()}" : "")}.";
        if (request.Outcome is AppealLevels.Upheld or AppealLevels.Withdrawn && claim.Status == ClaimStatus.Appealed)
        {
            var back = appeal.StatusAtFiling == ClaimStatus.PartiallyPaid ? ClaimEvent.PartialAppealUpheld : ClaimEvent.AppealUpheld;
            // An upheld appeal opens the next level's window at its decision (Medicare: 180 days for a reconsideration from the
            // redetermination, 42 CFR 405.962); a withdrawn one leaves the window where it was.
            if (request.Outcome == AppealLevels.Upheld)
                await connection.ExecuteAsync("UPDATE claims SET appeal_window_from = @From WHERE id = @Id", new { From = decidedOn, Id = id }, tx);
            await ClaimStore.TransitionAsync(connection, tx, tenant, id, back, detail);
        }
        else
            await ClaimStore.AddHistoryAsync(connection, tx, tenant, id, claim.Status,
                detail + (request.Outcome is AppealLevels.Overturned or AppealLevels.PartiallyOverturned ? " The payer's new remittance will post the result." : ""));
        var view = (await ClaimsEndpoints.ViewsAsync(connection, [(await ClaimStore.FindAsync(connection, tenant, id))!], today))[0];
        return await tx.CommitAsync(http, TypedResults.Ok(view), ct);
    }
}
