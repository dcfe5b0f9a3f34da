using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.Payments.Posting;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.X12;
using RevenueCycle.ServiceDefaults.Database;

namespace RevenueCycle.Payments.Remittances;

/// <summary>The answer to an 835 upload: the first remittance's id, and every remittance (ST..SE) of the file.</summary>
public sealed record RemittanceAccepted(Guid Id, IReadOnlyList<Guid> RemittanceIds);

public sealed record RemittanceSummary
{
    public Guid Id { get; init; }
    public string PayerName { get; init; } = "";
    public string TraceNumber { get; init; } = "";
    public decimal PaymentAmount { get; init; }
    public DateOnly PaymentDate { get; init; }
    public int ClaimCount { get; init; }
    public string SenderId { get; init; } = "";
    public int InterchangeControlNumber { get; init; }
    public string Source { get; init; } = "";
    public DateTimeOffset ReceivedAt { get; init; }
}

public sealed record RemittanceClaimView(Guid Id, string PatientControlNumber, string? PayerClaimNumber, Guid? ClaimId, int StatusCode, decimal Charge,
    decimal Paid, decimal PatientResponsibility, IReadOnlyList<AdjustmentView> Adjustments, IReadOnlyList<RemittanceLine> Lines);

public sealed record AdjustmentView(string Group, string Reason, decimal Amount, int? Line);

public sealed record ProviderAdjustmentView
{
    public string ProviderIdentifier { get; init; } = "";
    public DateOnly FiscalPeriodDate { get; init; }
    public string ReasonCode { get; init; } = "";
    public string? Reference { get; init; }
    public decimal Amount { get; init; }
}

public sealed record RemittanceExceptionView
{
    public Guid Id { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Detail { get; init; } = "";
    public string Status { get; init; } = "";
}

public sealed record RemittanceDetail(Guid Id, string PayerName, string TraceNumber, decimal PaymentAmount, DateOnly PaymentDate, string SenderId,
    int InterchangeControlNumber, string Source, DateTimeOffset ReceivedAt, IReadOnlyList<RemittanceClaimView> Claims,
    IReadOnlyList<ProviderAdjustmentView> ProviderAdjustments, IReadOnlyList<RemittanceExceptionView> Exceptions);

public static class RemittancesEndpoints
{
    public const long MaxFileBytes = 200L * 1024 * 1024;
    static readonly string[] X12ContentTypes = ["application/edi-x12", "text/plain"];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapRemittances(this RouteGroupBuilder group)
    {
        group.MapPost("/", Upload).Accepts<string>("application/edi-x12", "text/plain");
        group.MapGet("/", List);
        group.MapGet("/{id:guid}", Get);
        group.MapGet("/{id:guid}/x12", Raw);
        return group;
    }

    static async Task<Results<Accepted<RemittanceAccepted>, Ok<RemittanceAccepted>, ProblemHttpResult>> Upload(
        HttpContext http, ClaimsPrincipal user, RemittanceImporter importer, CancellationToken ct)
    {
        var tenant = user.TenantId();
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is null || !X12ContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
            return TypedResults.Problem(title: "Unsupported media type", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: "Send the 835 as the body with Content-Type application/edi-x12 or text/plain.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxFileBytes;

        var result = await importer.ImportAsync(tenant, http.Request.Body, RemittanceSources.Upload, null, ct);
        return result.Status switch
        {
            ImportStatus.Posted => TypedResults.Accepted($"/api/remittances/{result.RemittanceIds[0]}", new RemittanceAccepted(result.RemittanceIds[0], result.RemittanceIds)),
            ImportStatus.Duplicate => TypedResults.Ok(new RemittanceAccepted(result.RemittanceIds[0], result.RemittanceIds)),
            _ => Rejected(result.Error!),
        };
    }

    /// <summary>
    /// A file that cannot be read is 400; one that reads but does not balance (X221A1 balancing rules) is 422.
    /// Either way the problem names the segment and its position, and nothing was posted.
    /// </summary>
    public static ProblemHttpResult Rejected(X12ParseException e)
    {
        var unbalanced = e.Message.Contains("does not balance", StringComparison.Ordinal);
        var extensions = new Dictionary<string, object?>
        {
            ["segment"] = e.SegmentId,
            ["segmentPosition"] = e.SegmentPosition,
            ["element"] = e.ElementPosition,
        };
        return TypedResults.Problem(
            title: unbalanced ? "The 835 does not balance; nothing was posted." : "The 835 could not be read; nothing was posted.",
            detail: e.Message, statusCode: unbalanced ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
            extensions: extensions);
    }

    static async Task<Results<Ok<Page<RemittanceSummary>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, int? limit, string? cursor)
    {
        var tenant = user.TenantId();
        var v = new Validation();
        v.Check(Paging.TryCursor(cursor, out var after), "cursor", "is not a cursor this API gave out.");
        if (!v.IsValid) return v.Problem();
        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<RemittanceSummary>(
            """
            SELECT r.id, r.payer_name, r.trace_number, r.payment_amount, r.payment_date, r.claim_count, r.sender_id, r.interchange_control_number,
                   f.source, r.received_at
            FROM remittances r JOIN remittance_files f ON f.id = r.file_id
            WHERE r.tenant_id = @Tenant AND (@After = '00000000-0000-0000-0000-000000000000'::uuid OR r.id < @After)
            ORDER BY r.id DESC LIMIT @Take
            """, new { Tenant = tenant, After = after, Take = take + 1 })).ToList();
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id));
    }

    sealed record ClaimRow
    {
        public Guid Id { get; init; }
        public Guid? ClaimId { get; init; }
        public string Detail { get; init; } = "";
    }

    static async Task<Results<Ok<RemittanceDetail>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var r = await connection.QuerySingleOrDefaultAsync<RemittanceSummary>(
            """
            SELECT r.id, r.payer_name, r.trace_number, r.payment_amount, r.payment_date, r.claim_count, r.sender_id, r.interchange_control_number,
                   f.source, r.received_at
            FROM remittances r JOIN remittance_files f ON f.id = r.file_id WHERE r.tenant_id = @Tenant AND r.id = @Id
            """, new { Tenant = tenant, Id = id });
        if (r is null) return Problems.NotFound($"No remittance {id}.");
        var claims = (await connection.QueryAsync<ClaimRow>(
            "SELECT id, claim_id, detail::text AS detail FROM remittance_claims WHERE tenant_id = @Tenant AND remittance_id = @Id ORDER BY seq",
            new { Tenant = tenant, Id = id }))
            .Select(row =>
            {
                var c = JsonSerializer.Deserialize<RemittanceClaim>(row.Detail, Json)!;
                var adjustments = c.Adjustments.Select(a => new AdjustmentView(a.Group, a.Carc, a.Amount, null))
                    .Concat(c.Lines.SelectMany((l, i) => l.Adjustments.Select(a => new AdjustmentView(a.Group, a.Carc, a.Amount, i + 1))));
                return new RemittanceClaimView(row.Id, c.PatientControlNumber, c.PayerClaimNumber, row.ClaimId, c.StatusCode, c.Charge, c.Paid,
                    c.PatientResponsibility, [.. adjustments], c.Lines);
            }).ToList();
        var plb = (await connection.QueryAsync<ProviderAdjustmentView>(
            """
            SELECT provider_identifier, fiscal_period_date, reason_code, reference, amount
            FROM provider_adjustments WHERE tenant_id = @Tenant AND remittance_id = @Id ORDER BY seq
            """, new { Tenant = tenant, Id = id })).ToList();
        var exceptions = (await connection.QueryAsync<RemittanceExceptionView>(
            """
            SELECT e.id, rc.patient_control_number, e.reason, e.detail, e.status
            FROM posting_exceptions e JOIN remittance_claims rc ON rc.id = e.remittance_claim_id
            WHERE e.tenant_id = @Tenant AND e.remittance_id = @Id ORDER BY e.id
            """, new { Tenant = tenant, Id = id })).ToList();
        return TypedResults.Ok(new RemittanceDetail(r.Id, r.PayerName, r.TraceNumber, r.PaymentAmount, r.PaymentDate, r.SenderId,
            r.InterchangeControlNumber, r.Source, r.ReceivedAt, claims, plb, exceptions));
    }

    /// <summary>The 835 file the remittance came in, byte for byte.</summary>
    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Raw(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var raw = await connection.ExecuteScalarAsync<byte[]?>(
            "SELECT f.raw FROM remittances r JOIN remittance_files f ON f.id = r.file_id WHERE r.tenant_id = @Tenant AND r.id = @Id",
            new { Tenant = tenant, Id = id });
        return raw is null ? Problems.NotFound($"No remittance {id}.") : TypedResults.File(raw, "application/edi-x12");
    }
}
