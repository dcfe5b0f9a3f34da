using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.Acknowledgements;

/// <summary>A 999 or 277CA the platform could not read, kept as it came with why, until a person has dealt with it.</summary>
public sealed record AcknowledgementException
{
    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public string MailboxItem { get; init; } = "";
    public string Error { get; init; } = "";
    public string? Segment { get; init; }
    public long? Position { get; init; }
    public string Status { get; init; } = "";
    public string? ResolutionNote { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string X12 { get; init; } = "";
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public int? CommentCount { get; init; }
}

public sealed record ResolveAcknowledgementRequest(string? Note);

public static class AcknowledgementExceptionsEndpoints
{
    const int MaxNote = 500;

    public static RouteGroupBuilder MapAcknowledgementExceptions(this RouteGroupBuilder group)
    {
        group.MapGet("/exceptions", List).WithDescription(
            "Acknowledgements (999, 277CA) collected from the clearinghouse that could not be read, with the error naming the segment and position " +
            "and the raw X12, so a biller can see which claims they were about. status=open (default), resolved or all. Paged. The acknowledgement-exceptions work queue: " +
            "assignee (a user id, or none), includePended=true (pended items are hidden until their date), and each item's assignee, pendedUntil and commentCount.");
        group.MapPost("/exceptions/{id:guid}/resolve", Resolve).WithDescription("Marks an unreadable acknowledgement as dealt with, with a note (required).");
        return group;
    }

    static async Task<Results<Ok<Page<AcknowledgementException>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock,
        string? status, string? assignee, bool? includePended, int? limit, string? cursor)
    {
        var v = new Validation();
        var work = WorkFilter.Parse(v, WorkQueues.ClaimsQueues.AcknowledgementExceptions, assignee, includePended, clock);
        v.Check(status is null or "open" || (assignee is null && includePended is null), "status", "is open (the work queue) when assignee or includePended is given.");
        v.Check(status is null or "open" or "resolved" or "all", "status", "is open, resolved or all.");
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API gave out.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<AcknowledgementException>(
            $"""
            SELECT id, kind, mailbox_item, error, segment, position, status, resolution_note, received_at, resolved_at, x12
            FROM acknowledgement_exceptions
            WHERE tenant_id = @Tenant AND (@Status = 'all' OR status = @Status)
              AND (@After = '00000000-0000-0000-0000-000000000000'::uuid OR id > @After)
              AND (status <> 'open' OR {work.Sql("acknowledgement_exceptions.id")})
            ORDER BY id LIMIT @Take
            """, work.With(new { Tenant = user.TenantId(), Status = status ?? "open", After = after, Take = take + 1 }))).ToList();
        var fields = await work.LoadAsync(connection, user.TenantId(), rows.Select(r => r.Id));
        rows = rows.Select(r => r with { Assignee = fields[r.Id].Assignee, PendedUntil = fields[r.Id].PendedUntil, CommentCount = fields[r.Id].CommentCount }).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id));
    }

    static async Task<Results<Ok<AcknowledgementException>, ValidationProblem, ProblemHttpResult>> Resolve(Guid id, ResolveAcknowledgementRequest request,
        ClaimsPrincipal user, NpgsqlDataSource db, HttpContext http)
    {
        var v = new Validation();
        if (v.Required(request.Note, "note")) v.Check(request.Note!.Length <= MaxNote && !request.Note.Contains('\0'), "note", $"is at most {MaxNote} characters.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<AcknowledgementException>(
            """
            UPDATE acknowledgement_exceptions SET status = 'resolved', resolution_note = @Note, resolved_at = now()
            WHERE tenant_id = @Tenant AND id = @Id AND status = 'open'
            RETURNING id, kind, mailbox_item, error, segment, position, status, resolution_note, received_at, resolved_at, x12
            """, new { Tenant = user.TenantId(), Id = id, Note = request.Note!.Trim() }, tx);
        if (row is not null) return await tx.CommitAsync(http, TypedResults.Ok(row));
        var exists = await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM acknowledgement_exceptions WHERE tenant_id = @Tenant AND id = @Id)",
            new { Tenant = user.TenantId(), Id = id });
        return exists ? Problems.Conflict($"Acknowledgement exception {id} is already resolved.") : Problems.NotFound($"No acknowledgement exception {id}.");
    }
}
