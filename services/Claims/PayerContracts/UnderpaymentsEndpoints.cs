using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Claims.PayerContracts;

public sealed record UnderpaymentView
{
    public Guid Id { get; init; }
    public Guid ClaimId { get; init; }
    public string PatientControlNumber { get; init; } = "";
    public string PayerId { get; init; } = "";
    public string PayerName { get; init; } = "";
    public int LineNumber { get; init; }
    public string Code { get; init; } = "";
    public IReadOnlyList<string> Modifiers { get; init; } = [];
    public decimal Units { get; init; }
    public DateOnly DateOfService { get; init; }
    public DateOnly PaymentDate { get; init; }
    public decimal Expected { get; init; }
    public decimal Allowed { get; init; }
    public decimal Paid { get; init; }
    public decimal Variance { get; init; }
    public string Basis { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid PostingId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public int? CommentCount { get; init; }
}

public sealed record PayerUnderpayments(string PayerId, string PayerName, int Lines, decimal Expected, decimal Allowed, decimal Paid, decimal Underpaid);

public sealed record UnderpaymentSummary(DateOnly? From, DateOnly? To, IReadOnlyList<PayerUnderpayments> Payers, int Lines, decimal Underpaid);

/// <summary>
/// The underpayment queue: paid lines whose allowed amount is short of the payer's contract (<see cref="UnderpaymentReview"/>).
/// Each item's id is stable for its claim line, for work-queue mechanics to hang on.
/// </summary>
public static class UnderpaymentsEndpoints
{
    static readonly string[] Statuses = ["open", "resolved", "reversed", "superseded"];

    // Sort keys (a leading '-' sorts descending); the cursor carries the sort, the last row's value and id (keyset paging over ties).
    static readonly KeysetSort Sorts = new(new Dictionary<string, (string, SortValueKind, bool)>
    {
        ["variance"] = ("variance", SortValueKind.Number, false),
        ["paymentDate"] = ("payment_date", SortValueKind.Date, false),
        ["dateOfService"] = ("date_of_service", SortValueKind.Date, false),
        ["expected"] = ("expected", SortValueKind.Number, false),
    });

    const string Columns =
        """
        id, claim_id, patient_control_number, payer_id, payer_name, line_number, code, modifiers, units, date_of_service, payment_date,
        expected, allowed, paid, variance, basis, status, posting_id, created_at, updated_at
        """;

    public static RouteGroupBuilder MapUnderpayments(this RouteGroupBuilder group)
    {
        group.MapGet("/", List)
            .WithDescription("Underpaid lines, largest variance first by default. Filters: payerId, from/to (the 835's payment date), minVariance/maxVariance "
                + "(dollars), status (open by default; resolved, reversed, superseded). "
                + "The underpayments work queue: assignee (a user id, or none), includePended=true (pended items are hidden until their date), each item's assignee, pendedUntil and commentCount. sort: variance, paymentDate, dateOfService or expected, '-' for descending. "
                + "variance = expected − allowed, allowed = charge − the contractual adjustments that reduce to the allowed amount (CARC 45…).");
        group.MapGet("/summary", Summary)
            .WithDescription("Underpaid dollars (Σ variance of open items) per payer, for items whose payment date is within from..to (both optional, inclusive).");
        group.MapGet("/{id:guid}", Get);
        return group;
    }

    static async Task<Results<Ok<Page<UnderpaymentView>>, ValidationProblem>> List(ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock,
        string? payerId, DateOnly? from, DateOnly? to, decimal? minVariance, decimal? maxVariance, string? status, string? assignee, bool? includePended,
        string? sort, int? limit, string? cursor)
    {
        var v = new Validation();
        v.Check(status is null || Statuses.Contains(status), "status", $"is one of {string.Join(", ", Statuses)}.");
        v.Check(from is null || to is null || from <= to, "to", "must not be before from.");
        v.Check(minVariance is null || maxVariance is null || minVariance <= maxVariance, "maxVariance", "must not be below minVariance.");
        v.Check(payerId is null || payerId.Length <= 80, "payerId", "must be at most 80 characters.");
        v.Check(status is null or "open" || (assignee is null && includePended is null), "status", "is open (the work queue) when assignee or includePended is given.");
        var work = WorkFilter.Parse(v, WorkQueues.ClaimsQueues.Underpayments, assignee, includePended, clock);
        var order = Sorts.Parse(v, sort, "-variance", cursor, limit);
        if (!v.IsValid || order is null) return v.Problem();

        var tenant = user.TenantId();
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM underpayments
            WHERE tenant_id = @Tenant AND status = @Status
              AND (@PayerId::text IS NULL OR payer_id = @PayerId)
              AND (@From::date IS NULL OR payment_date >= @From) AND (@To::date IS NULL OR payment_date <= @To)
              AND (@Min::numeric IS NULL OR variance >= @Min) AND (@Max::numeric IS NULL OR variance <= @Max)
              AND (status <> 'open' OR {work.Sql("underpayments.id")})
              AND {order.After("id")}
            {order.Order("id")} LIMIT @Take
            """, work.With(new { Tenant = tenant, Status = status ?? "open", PayerId = payerId, From = from, To = to, Min = minVariance, Max = maxVariance },
                order.Parameters))).Select(r => r.View()).ToList();
        var fields = await work.LoadAsync(connection, tenant, rows.Select(r => r.Id));
        rows = rows.Select(r => r with { Assignee = fields[r.Id].Assignee, PendedUntil = fields[r.Id].PendedUntil, CommentCount = fields[r.Id].CommentCount }).ToList();
        return TypedResults.Ok(order.Page(rows, r => SortValue(r, order.Sql), r => r.Id));
    }

    static object SortValue(UnderpaymentView r, string column) => column switch
    {
        "variance" => r.Variance,
        "expected" => r.Expected,
        "payment_date" => r.PaymentDate,
        _ => r.DateOfService,
    };

    static async Task<Results<Ok<UnderpaymentSummary>, ValidationProblem>> Summary(ClaimsPrincipal user, NpgsqlDataSource db, DateOnly? from, DateOnly? to)
    {
        var v = new Validation();
        v.Check(from is null || to is null || from <= to, "to", "must not be before from.");
        if (!v.IsValid) return v.Problem();
        await using var connection = await db.OpenSnapshotAsync();
        var payers = (await connection.QueryAsync<PayerUnderpayments>(
            """
            SELECT payer_id, min(payer_name) AS payer_name, count(*)::int AS lines, sum(expected) AS expected, sum(allowed) AS allowed,
                   sum(paid) AS paid, sum(variance) AS underpaid
            FROM underpayments
            WHERE tenant_id = @Tenant AND status = 'open'
              AND (@From::date IS NULL OR payment_date >= @From) AND (@To::date IS NULL OR payment_date <= @To)
            GROUP BY payer_id ORDER BY sum(variance) DESC, payer_id
            """, new { Tenant = user.TenantId(), From = from, To = to })).ToList();
        return TypedResults.Ok(new UnderpaymentSummary(from, to, payers, payers.Sum(p => p.Lines), payers.Sum(p => p.Underpaid)));
    }

    static async Task<Results<Ok<UnderpaymentView>, ProblemHttpResult>> Get(Guid id, ClaimsPrincipal user, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenSnapshotAsync();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM underpayments WHERE tenant_id = @Tenant AND id = @Id", new { Tenant = user.TenantId(), Id = id });
        if (row is null) return Problems.NotFound($"No underpayment {id}.");
        var view = row.View();
        if (view.Status != "open") return TypedResults.Ok(view);
        // An item of the queue shows its work fields, as the list does.
        var work = (await WorkFilter.LoadAsync(connection, user.TenantId(), WorkQueues.ClaimsQueues.Underpayments, [id]))[id];
        return TypedResults.Ok(view with { Assignee = work.Assignee, PendedUntil = work.PendedUntil, CommentCount = work.CommentCount });
    }

    sealed record Row
    {
        public Guid Id { get; init; }
        public Guid ClaimId { get; init; }
        public string PatientControlNumber { get; init; } = "";
        public string PayerId { get; init; } = "";
        public string PayerName { get; init; } = "";
        public int LineNumber { get; init; }
        public string Code { get; init; } = "";
        public string Modifiers { get; init; } = "";
        public decimal Units { get; init; }
        public DateOnly DateOfService { get; init; }
        public DateOnly PaymentDate { get; init; }
        public decimal Expected { get; init; }
        public decimal Allowed { get; init; }
        public decimal Paid { get; init; }
        public decimal Variance { get; init; }
        public string Basis { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid PostingId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }

        public UnderpaymentView View() => new()
        {
            Id = Id, ClaimId = ClaimId, PatientControlNumber = PatientControlNumber, PayerId = PayerId, PayerName = PayerName, LineNumber = LineNumber,
            Code = Code, Modifiers = ContractRules.Modifiers(Modifiers), Units = Units, DateOfService = DateOfService, PaymentDate = PaymentDate,
            Expected = Expected, Allowed = Allowed, Paid = Paid, Variance = Variance, Basis = Basis, Status = Status, PostingId = PostingId,
            CreatedAt = CreatedAt, UpdatedAt = UpdatedAt,
        };
    }
}
